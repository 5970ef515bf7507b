#pragma once

#include "clientsession.h"

#include <QDialog>

namespace Ui {

// Shows a file write the agent wants to make as a diff (unified, or side by side) before it
// touches the disk; Write or Reject.
class WriteReviewDialog final : public QDialog
{
    Q_OBJECT
public:
    WriteReviewDialog(const Acp::PendingWrite &write, QWidget *parent = nullptr);
};

} // namespace Ui
