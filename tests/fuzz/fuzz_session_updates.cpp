// Arbitrary session/update sequences applied to the transcript model, through the protocol
// layer as a live connection applies them (structure-aware: see updatemutator.h). Checked:
// the model keeps Qt's model contract at every step (QAbstractItemModelTester, fatal on any
// violation); whatever the protocol layer reads, it writes back and reads the same again;
// the transcript's snapshot restores to an identical transcript.

#include "transcriptmodel.h"
#include "updatelines.h"
#include "updatemutator.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    Acp::TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    FuzzInput::applyLines(data, size, model);

    const QJsonArray snapshot = model.toJson();
    Acp::TranscriptModel restored;
    if (!restored.restore(snapshot) || restored.toJson() != snapshot
        || restored.rowCount() != model.rowCount())
        std::abort();
    return 0;
}
