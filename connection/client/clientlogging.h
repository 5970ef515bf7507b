#pragma once

#include <QLoggingCategory>

// One category per engine module, so that QT_LOGGING_RULES can follow one of them
// ("acp.store.debug=true"); the connection core has its own (connection/logging.h).
Q_DECLARE_LOGGING_CATEGORY(lcAcpSession) // "acp.session": the client, sessions, the workflow
Q_DECLARE_LOGGING_CATEGORY(lcAcpStore) // "acp.store": the history database and its writes
Q_DECLARE_LOGGING_CATEGORY(lcAcpFs) // "acp.fs": the agent's file reads and writes
Q_DECLARE_LOGGING_CATEGORY(lcAcpTerminal) // "acp.terminal": commands the agent runs
