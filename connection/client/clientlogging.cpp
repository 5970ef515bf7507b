#include "clientlogging.h"

Q_LOGGING_CATEGORY(lcAcpSession, "acp.session", QtWarningMsg)
Q_LOGGING_CATEGORY(lcAcpStore, "acp.store", QtWarningMsg)
Q_LOGGING_CATEGORY(lcAcpFs, "acp.fs", QtWarningMsg)
Q_LOGGING_CATEGORY(lcAcpTerminal, "acp.terminal", QtWarningMsg)
