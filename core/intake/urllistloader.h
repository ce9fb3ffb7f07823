#pragma once

#include "intake/mimeurls.h"
#include "intake/urllistparser.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

class GuardedReceiver;
class QThreadPool;

// One place URLs are read from: text handed over as it is, or a file to read (CSV and TSV by
// their suffix; checksum files such as SHA256SUMS by their name). Plain data.
struct ListSource {
    QString name;  // as people see it: "Dropped text", a file name, "stdin"
    QString text;  // the list itself, when path is empty
    QString path;  // a file to read
};

// A source that could not be read, with the reason in words. Plain data.
struct SourceProblem {
    QString source;
    QString reason;
};

// Everything read from one drop or import, merged. Plain data.
struct LoadedUrlList {
    ParsedUrlList parsed;            // merged over all sources in order: text first, then files
    QList<SourceProblem> problems;
    QStringList sources;             // display names of what was read ("Dropped text", file names)
    // Per name in sources: how many of parsed.entries and of parsed.rejected came from it.
    QList<qsizetype> entryCounts;
    QList<qsizetype> rejectedCounts;
    // Checksum files among the sources (ChecksumFile::isChecksumFileName) give the entries they
    // name a checksum: how many got one, and each checksum= they contradict, in words.
    qsizetype checksumsApplied = 0;
    QStringList checksumConflicts;
};

Q_DECLARE_METATYPE(LoadedUrlList)

// Reads dropped or imported files and parses them with the dropped text off the GUI thread, on
// the given pool, and hands back one merged result. GUI thread; results of jobs still running when
// it is destroyed are dropped.
class UrlListLoader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UrlListLoader)

public:
    static constexpr qint64 kDefaultMaxFileBytes = qint64(256) * 1024 * 1024;

    explicit UrlListLoader(QThreadPool *pool, QObject *parent = nullptr);
    ~UrlListLoader() override;

    // Files larger than this are refused; a knob so the limit can be tested without huge files.
    void setMaxFileBytes(qint64 bytes) { m_maxFileBytes = bytes; }
    qint64 maxFileBytes() const { return m_maxFileBytes; }

    // Starts reading and parsing; never blocks. The ticket comes back with loaded().
    quint64 load(const DroppedInput &input);

    // The work load() does, synchronously, for any thread but the GUI thread; maxEntries is a
    // knob so the limit over several sources can be tested without a million lines. A URL that
    // an earlier source had is a duplicate of that first occurrence.
    static LoadedUrlList read(const QList<ListSource> &sources, qint64 maxFileBytes = kDefaultMaxFileBytes,
                              qsizetype maxEntries = UrlListParser::kMaxEntries);
    static LoadedUrlList read(const DroppedInput &input, qint64 maxFileBytes = kDefaultMaxFileBytes,
                              qsizetype maxEntries = UrlListParser::kMaxEntries);
    // A drop's sources: its text ("Dropped text"), then its files by name (by path where two
    // share a name).
    static QList<ListSource> sourcesOf(const DroppedInput &input);

Q_SIGNALS:
    void loaded(quint64 ticket, const LoadedUrlList &result);

private:
    QThreadPool *m_pool;
    std::shared_ptr<GuardedReceiver> m_receiver;  // lets pool jobs outlive the loader safely
    qint64 m_maxFileBytes = kDefaultMaxFileBytes;
    quint64 m_nextTicket = 1;
};
