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
    enum class Mode { Review, View };
    // Review: Write / Reject. View: a read-only diff with Close (a tool call's diff).
    WriteReviewDialog(const Acp::PendingWrite &write, QWidget *parent = nullptr,
                      Mode mode = Mode::Review);
};

} // namespace Ui
