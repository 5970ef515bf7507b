// switchboard-demo-agent: the bundled demo agent (see demoagent.h). Speaks ACP on stdin/stdout.

#include "demoagent.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <csignal>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("switchboard-demo-agent"));
    QCoreApplication::setOrganizationName(QStringLiteral("Switchboard"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SWITCHBOARD_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "A scripted ACP agent for trying Switchboard without a real agent. No network, no AI.\n"
        "It speaks ACP on stdin/stdout; start it from an ACP client."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);
    std::signal(SIGPIPE, SIG_IGN);
    DemoAgent agent;
    return QCoreApplication::exec();
}
