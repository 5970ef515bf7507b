#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcAcpConnection) // "acp.connection": requests, barrier, shutdown
Q_DECLARE_LOGGING_CATEGORY(lcAcpTransport) // "acp.transport": process and device I/O
Q_DECLARE_LOGGING_CATEGORY(lcAcpFraming) // "acp.framing": malformed or skipped input
