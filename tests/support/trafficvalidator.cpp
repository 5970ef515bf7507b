#include "trafficvalidator.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

namespace TestSupport {

namespace {

QString schemaPath()
{
    return QStringLiteral(SWITCHBOARD_ACP_SHARED_DIR "/schema/schema.json");
}

} // namespace

TrafficValidator::TrafficValidator(Acp::Connection *connection)
    : QObject(connection)
{
    connect(connection, &Acp::Connection::trafficObserved, this,
            [this](const Acp::TrafficRecord &r) {
                if (r.direction == Acp::TrafficRecord::Direction::Outgoing)
                    m_lines.append(r.line);
            });
}

bool TrafficValidator::isAvailable()
{
    return QFileInfo::exists(schemaPath());
}

QString TrafficValidator::validate() const
{
    if (!isAvailable())
        return {};
    QByteArray input;
    for (const QByteArray &line : m_lines) {
        const QJsonObject message = QJsonDocument::fromJson(line).object();
        const bool hasMethod = message.contains(QStringLiteral("method"));
        const bool hasId = message.contains(QStringLiteral("id"));
        const QString def = hasMethod
            ? (hasId ? QStringLiteral("ClientRequest") : QStringLiteral("ClientNotification"))
            : QStringLiteral("ClientResponse");
        input += QJsonDocument(
                     QJsonObject{{QStringLiteral("def"), def},
                                 {QStringLiteral("value"), message},
                                 {QStringLiteral("label"), QString::fromUtf8(line.left(160))}})
                     .toJson(QJsonDocument::Compact)
            + '\n';
    }
    QProcess python;
    python.start(QStringLiteral(SWITCHBOARD_PYTHON),
                 {QStringLiteral(SWITCHBOARD_SCHEMA_VALIDATOR), schemaPath()});
    if (!python.waitForStarted(10000))
        return QStringLiteral("could not start python3");
    python.write(input);
    python.closeWriteChannel();
    python.waitForFinished(60000);
    if (python.exitCode() == 0)
        return {};
    return QString::fromUtf8(python.readAllStandardOutput() + python.readAllStandardError());
}

} // namespace TestSupport
