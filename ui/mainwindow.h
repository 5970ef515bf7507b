#pragma once

#include <QMainWindow>

namespace Ui {

// The application window. A placeholder until the desktop-app issue fills it.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
};

} // namespace Ui
