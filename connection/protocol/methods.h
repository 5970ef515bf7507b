#pragma once

#include <QString>

// ACP v1 method names (PROTOCOL.md sections 5 and 6).
namespace Acp::Method {
// client -> agent
inline const QString Initialize = QStringLiteral("initialize");
inline const QString Authenticate = QStringLiteral("authenticate");
inline const QString Logout = QStringLiteral("logout");
inline const QString SessionNew = QStringLiteral("session/new");
inline const QString SessionLoad = QStringLiteral("session/load");
inline const QString SessionResume = QStringLiteral("session/resume");
inline const QString SessionList = QStringLiteral("session/list");
inline const QString SessionClose = QStringLiteral("session/close");
inline const QString SessionDelete = QStringLiteral("session/delete");
inline const QString SessionSetMode = QStringLiteral("session/set_mode");
inline const QString SessionSetConfigOption = QStringLiteral("session/set_config_option");
inline const QString SessionPrompt = QStringLiteral("session/prompt");
inline const QString SessionCancel = QStringLiteral("session/cancel");
inline const QString CancelRequest = QStringLiteral("$/cancel_request");
// agent -> client
inline const QString SessionUpdate = QStringLiteral("session/update");
inline const QString RequestPermission = QStringLiteral("session/request_permission");
inline const QString ReadTextFile = QStringLiteral("fs/read_text_file");
inline const QString WriteTextFile = QStringLiteral("fs/write_text_file");
inline const QString TerminalCreate = QStringLiteral("terminal/create");
inline const QString TerminalOutput = QStringLiteral("terminal/output");
inline const QString TerminalWaitForExit = QStringLiteral("terminal/wait_for_exit");
inline const QString TerminalKill = QStringLiteral("terminal/kill");
inline const QString TerminalRelease = QStringLiteral("terminal/release");
inline const QString ElicitationCreate = QStringLiteral("elicitation/create");
inline const QString ElicitationComplete = QStringLiteral("elicitation/complete");
} // namespace Acp::Method
