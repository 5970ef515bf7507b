#pragma once

#include "clientsession.h"
#include "transcriptdelegate.h"

#include <QElapsedTimer>
#include <QListView>
#include <QPointer>
#include <QSet>
#include <QTimer>

namespace Acp { }

namespace Ui {

class PermissionCard;

// The transcript of one session: a virtualized list (only visible rows are painted; row
// heights are cached), updated incrementally. Streamed chunks change one row; the view
// relayouts at most once per frame however many chunks arrive, and follows the end only when
// the user was already at the bottom. Permission requests appear as cards inside their tool
// call's row.
class TranscriptView final : public QListView
{
    Q_OBJECT
public:
    explicit TranscriptView(Acp::ClientSession *session, QWidget *parent = nullptr);
    // A view of a model alone (no permission cards): for saved copies, benchmarks, previews.
    explicit TranscriptView(Acp::TranscriptModel *model, QWidget *parent = nullptr);

    TranscriptDelegate *transcriptDelegate() const { return m_delegate; }
    bool isFollowingEnd() const { return m_follow; }
    // The card of a pending permission, if any (for tests and keyboard focus).
    PermissionCard *permissionCard(quint64 handle) const;

    // Expands or collapses a row (a thought's full text, a tool call's raw input and output).
    void toggleExpanded(int row);
    // Selects and shows the next (or previous) row containing `text`, after the current one;
    // returns its row or -1.
    int find(const QString &text, bool backwards = false);
    // Selects and shows a row in the middle of the view, and stops following the end (a
    // search result being read).
    void reveal(int row);
    // The selected row's text (Markdown for agent messages), as Ctrl+C copies it.
    QString selectedText() const;
    // Shows all of a long message (it is shown collapsed, see TranscriptDelegate::
    // CollapsedChars), laid out a few pieces per frame; or collapses it again.
    void setShowAll(int row, bool all);
    // QListView's, with the true height of a row taller than QListView keeps (16 bits, in
    // QListViewItem): a long message shown in full. Painting and indexAt() go through this.
    QRect visualRect(const QModelIndex &index) const override;
    bool isCollapsible(int row) const;
    // Whether a row is laid out as far as it goes (a long message is laid out a few pieces per
    // frame), at the row's width in this view.
    bool isLaidOut(int row) const;
    // Opens a link from a row: at once for web links and locations inside the session's
    // folders, after asking for anything else (a local path an agent named).
    void openLink(const QString &anchor);

protected:
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                     const QList<int> &roles) override;
    void rowsInserted(const QModelIndex &parent, int start, int end) override;
    void resizeEvent(QResizeEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void setUp();
    void flushPending();
    void scheduleFlush();
    // Rows to lay out again at the next frame (coalesced with everything else that changed).
    void markDirty(int first, int last);
    void addPermissionCard(const Acp::PendingPermission &permission);
    void removePermissionCard(quint64 handle);
    int extraHeight(int row) const;
    quint64 externalRevision(const Acp::TranscriptEntry &entry) const;
    void keepAtEnd();

    QPointer<Acp::ClientSession> m_session;
    Acp::TranscriptModel *m_model;
    TranscriptDelegate *m_delegate;
    QTimer m_frame; // coalesces relayouts to one per frame
    int m_dirtyFirst = -1;
    int m_dirtyLast = -1;
    bool m_follow = true;
    QSet<quint64> m_expanded;
    QSet<quint64> m_showAll; // long messages the user asked to see in full
    QHash<quint64, QPointer<PermissionCard>> m_cards; // by permission handle
};

} // namespace Ui
