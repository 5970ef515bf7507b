#pragma once

#include "connection.h"

#include <QList>

namespace TestSupport {

// Records every message a connection sends and validates them all against the ACP schema
// (as ClientRequest, ClientNotification or ClientResponse) with tests/tools/validate_acp.py.
class TrafficValidator : public QObject
{
    Q_OBJECT
public:
    explicit TrafficValidator(Acp::Connection *connection);

    int recorded() const { return int(m_lines.size()); }
    // Empty when every recorded message is valid (or the schema is not available: see
    // isAvailable()); otherwise the validator's complaints.
    QString validate() const;
    static bool isAvailable();

private:
    QList<QByteArray> m_lines;
};

} // namespace TestSupport
