#include "logging.h"

Q_LOGGING_CATEGORY(lcAcpConnection, "acp.connection", QtWarningMsg)
Q_LOGGING_CATEGORY(lcAcpTransport, "acp.transport", QtWarningMsg)
Q_LOGGING_CATEGORY(lcAcpFraming, "acp.framing", QtWarningMsg)
