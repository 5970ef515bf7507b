#pragma once

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>

// A real file system that fills up: a small tmpfs mounted for the test (needs root; a test
// skips, and says so, where it cannot mount one). Unmounted when it goes.
struct TinyDisk
{
    QString path;
    bool mounted = false;

    TinyDisk(const QString &where, const QString &size)
        : path(where)
    {
        QDir().mkpath(path);
        QProcess mount;
        mount.start(QStringLiteral("mount"),
                    {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                     QStringLiteral("size=") + size, QStringLiteral("tmpfs"), path});
        mounted = mount.waitForFinished(5000) && mount.exitCode() == 0;
    }
    ~TinyDisk()
    {
        if (mounted)
            QProcess::execute(QStringLiteral("umount"), {QStringLiteral("-l"), path});
    }
    TinyDisk(const TinyDisk &) = delete;
    TinyDisk &operator=(const TinyDisk &) = delete;

    // Takes every block that is left.
    void fill() const
    {
        QFile filler(fillerPath());
        if (!filler.open(QIODevice::WriteOnly | QIODevice::Append))
            return;
        const QByteArray block(4096, 'f');
        while (filler.write(block) == block.size() && filler.flush()) { }
        const QByteArray byte(1, 'f'); // the last partial block too
        while (filler.write(byte) == 1 && filler.flush()) { }
    }
    void free() const { QFile::remove(fillerPath()); }
    QString fillerPath() const { return path + QStringLiteral("/filler"); }
};
