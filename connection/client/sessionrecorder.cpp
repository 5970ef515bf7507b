#include "sessionrecorder.h"

#include "clientsession.h"
#include "sessionstore.h"
#include "sessionupdate.h"
#include "transcriptmodel.h"

namespace Acp {

SessionRecorder::SessionRecorder(SessionStore *store, const QString &agentKey,
                                 ClientSession *session, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_agentKey(agentKey)
    , m_session(session)
    , m_sessionId(session->sessionId())
{
    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(SnapshotIntervalMs);
    connect(&m_saveTimer, &QTimer::timeout, this, &SessionRecorder::saveNow);
    if (!m_store)
        return; // nothing to save to: only the first prompt is kept
    TranscriptModel *model = session->transcript();
    connect(model, &QAbstractItemModel::rowsInserted, this, &SessionRecorder::saveSoon);
    connect(model, &QAbstractItemModel::dataChanged, this, &SessionRecorder::saveSoon);
    connect(session, &ClientSession::infoChanged, this, &SessionRecorder::saveSoon);
    connect(session, &ClientSession::turnEnded, this, &SessionRecorder::saveNow);
    connect(session, &ClientSession::updateApplied, this, [this](const SessionUpdate &update) {
        if (m_store) // a QPointer: the store may go first
            m_store->appendJournal(m_agentKey, m_sessionId, write(update).toObject());
    });
    saveNow(); // what the session has at the start (a replayed history, a restored copy)
}

SessionRecorder::~SessionRecorder()
{
    if (m_saveTimer.isActive())
        saveNow();
}

void SessionRecorder::recordPrompt(const QString &text)
{
    if (m_firstPrompt.isEmpty())
        m_firstPrompt = text.simplified().left(80);
    if (!m_store)
        return;
    m_store->appendJournal(m_agentKey, m_sessionId,
                           {{QStringLiteral("sessionUpdate"), QStringLiteral("user_message_chunk")},
                            {QStringLiteral("content"),
                             QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                         {QStringLiteral("text"), text}}}});
    saveSoon();
}

void SessionRecorder::saveSoon()
{
    if (!m_saveTimer.isActive())
        m_saveTimer.start();
}

void SessionRecorder::saveNow()
{
    m_saveTimer.stop();
    if (!m_store || !m_session)
        return;
    StoredSession record = m_store->session(m_agentKey, m_sessionId).value_or(StoredSession{});
    record.agentKey = m_agentKey;
    record.sessionId = m_sessionId;
    record.cwd = m_session->cwd();
    if (!m_session->title().isEmpty())
        record.title = m_session->title();
    else if (record.title.isEmpty())
        record.title = m_firstPrompt;
    record.updatedAt = QDateTime::currentDateTimeUtc();
    m_store->upsert(record);
    // Only the rows that changed since the last save are written: a streamed reply rewrites
    // its own row, never the whole transcript.
    const QList<TranscriptEntry> &entries = m_session->transcript()->entries();
    QList<std::pair<int, TranscriptEntry>> changed;
    m_saved.resize(entries.size());
    for (int row = 0; row < entries.size(); ++row) {
        const TranscriptEntry &e = entries.at(row);
        const std::pair<quint64, quint64> version{e.id, e.revision};
        if (m_saved.at(row) != version) {
            changed.append({row, e});
            m_saved[row] = version;
        }
    }
    m_store->saveTranscript(m_agentKey, m_sessionId, int(entries.size()), changed);
}

bool SessionRecorder::restoreSaved(TranscriptModel *model, const QJsonArray &rows,
                                   const QJsonArray &journal)
{
    const bool restored = model->restore(rows);
    // What happened after the snapshot (up to a crash, if there was one).
    for (const QJsonValue &update : journal) {
        if (const auto parsed = Json::parse<SessionUpdate>(update))
            model->apply(*parsed);
    }
    return restored;
}

} // namespace Acp
