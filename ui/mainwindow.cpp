#include "mainwindow.h"

#include <QLabel>

namespace Ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Switchboard"));
    auto *placeholder = new QLabel(tr("Switchboard: a desktop client for ACP agents."), this);
    placeholder->setObjectName(QStringLiteral("placeholderLabel"));
    placeholder->setAlignment(Qt::AlignCenter);
    setCentralWidget(placeholder);
    resize(960, 640);
}

} // namespace Ui
