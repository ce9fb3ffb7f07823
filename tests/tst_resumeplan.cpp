// ResumePlan: what a headless run does with each URL given the records an earlier run into the
// same folder left: continue, done, add, or restart under --no-resume; input order, replaced
// records and id reservation.
#include "resumeplan.h"

#include <QTest>

using Kind = ResumePlan::Step::Kind;

class TestResumePlan final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void newUrlsAreAdded();
    void unfinishedContinuesWithThisRunsOptions();
    void completedWithItsFileIsDone();
    void completedWithoutItsFileIsFetchedAgain();
    void cancelledOrNeverStartedIsAdded();
    void noResumeRestartsInThePart();
    void sameUrlOtherFolderOrNameIsAnotherDownload();
    void urlGivenTwiceContinuesOnce();
    void otherRecordsKeepTheStore();

private:
    static constexpr auto kBase = "/data/run";
    static UrlEntry entry(const char *url, const QString &dir = {}, const QString &out = {})
    {
        UrlEntry e;
        e.url = QUrl(QString::fromLatin1(url));
        e.dir = dir;
        e.outName = out;
        return e;
    }
    static DownloadSnapshot record(DownloadId id, const char *url, DownloadState state, const QString &part = {})
    {
        DownloadSnapshot s;
        s.id = id;
        s.entry = entry(url, QString::fromLatin1(kBase));  // the store keeps the folder absolute
        s.state = state;
        s.partPath = part;
        s.finalPath = QStringLiteral("/data/run/") + QUrl(QString::fromLatin1(url)).fileName();
        s.bytesWritten = 1000;
        s.durable = {ByteRange{0, 1000}};
        s.etag = "\"v1\"";
        s.note = QStringLiteral("Interrupted");
        return s;
    }
    static ResumePlan plan(const QList<UrlEntry> &entries, const QList<DownloadSnapshot> &records, bool resume = true,
                           bool filesExist = true)
    {
        return ResumePlan::make(entries, records, QString::fromLatin1(kBase), resume,
                                [filesExist](const QString &, qint64) { return filesExist; });
    }
};

void TestResumePlan::newUrlsAreAdded()
{
    const ResumePlan p = plan({entry("http://h/a"), entry("http://h/b")}, {record(7, "http://h/z", DownloadState::Completed)});
    QCOMPARE(p.steps.size(), 2);
    QCOMPARE(p.steps[0].kind, Kind::Add);
    QCOMPARE(p.steps[0].entry.url, QUrl(u"http://h/a"_qs));
    QCOMPARE(p.steps[1].entry.url, QUrl(u"http://h/b"_qs));
    QVERIFY(p.forgotten.isEmpty());
    QCOMPARE(p.highestId, DownloadId(7));  // new downloads must not reuse an id the store holds
}

void TestResumePlan::unfinishedContinuesWithThisRunsOptions()
{
    UrlEntry again = entry("http://h/a");
    again.headers = {{"Authorization", "Bearer fresh"}};
    again.checksum = ChecksumSpec{QCryptographicHash::Sha256, QByteArray(32, 'x')};
    DownloadSnapshot old = record(3, "http://h/a", DownloadState::Failed, u"/data/run/a.part"_qs);
    old.entry.headers = {{"Authorization", "Bearer expired"}};
    old.error = DownloadError::make(ErrorKind::Network, u"Connection reset"_qs);
    const ResumePlan p = plan({again}, {old});
    QCOMPARE(p.steps.size(), 1);
    QCOMPARE(p.steps[0].kind, Kind::Continue);
    const DownloadSnapshot &s = p.steps[0].snapshot;
    QCOMPARE(s.id, DownloadId(0));
    QCOMPARE(s.state, DownloadState::Queued);
    QCOMPARE(s.durable, old.durable);
    QCOMPARE(s.etag, old.etag);
    QCOMPARE(s.entry.headers, again.headers);
    QCOMPARE(s.entry.checksum, again.checksum);
    QCOMPARE(s.error.kind, ErrorKind::None);
    QVERIFY(s.note.isEmpty());
    QCOMPARE(p.forgotten, QList<DownloadId>{3});
}

void TestResumePlan::completedWithItsFileIsDone()
{
    const ResumePlan p = plan({entry("http://h/a")}, {record(4, "http://h/a", DownloadState::Completed)});
    QCOMPARE(p.steps[0].kind, Kind::Done);
    QCOMPARE(p.steps[0].snapshot.state, DownloadState::Completed);
    QCOMPARE(p.steps[0].snapshot.note, u"Already downloaded"_qs);
    QCOMPARE(p.forgotten, QList<DownloadId>{4});
}

void TestResumePlan::completedWithoutItsFileIsFetchedAgain()
{
    const ResumePlan p = plan({entry("http://h/a")}, {record(4, "http://h/a", DownloadState::Completed)}, true, false);
    QCOMPARE(p.steps[0].kind, Kind::Add);
    QCOMPARE(p.forgotten, QList<DownloadId>{4});
}

void TestResumePlan::cancelledOrNeverStartedIsAdded()
{
    const ResumePlan p = plan({entry("http://h/a"), entry("http://h/b")},
                              {record(1, "http://h/a", DownloadState::Cancelled, u"/data/run/a.part"_qs),
                               record(2, "http://h/b", DownloadState::Queued)});
    QCOMPARE(p.steps[0].kind, Kind::Add);
    QCOMPARE(p.steps[1].kind, Kind::Add);
    QCOMPARE(p.forgotten, (QList<DownloadId>{1, 2}));
}

void TestResumePlan::noResumeRestartsInThePart()
{
    const ResumePlan p = plan({entry("http://h/a"), entry("http://h/b")},
                              {record(1, "http://h/a", DownloadState::Paused, u"/data/run/a.part"_qs),
                               record(2, "http://h/b", DownloadState::Completed)},
                              false);
    QCOMPARE(p.steps[0].kind, Kind::Restart);
    const DownloadSnapshot &s = p.steps[0].snapshot;
    QCOMPARE(s.partPath, u"/data/run/a.part"_qs);  // the same .part, reused from byte zero
    QVERIFY(s.durable.isEmpty());
    QVERIFY(s.etag.isEmpty());
    QCOMPARE(s.bytesWritten, 0);
    QCOMPARE(s.state, DownloadState::Queued);
    QCOMPARE(p.steps[1].kind, Kind::Add);  // completed: fetched again, per --on-existing
}

void TestResumePlan::sameUrlOtherFolderOrNameIsAnotherDownload()
{
    const QList<DownloadSnapshot> records{record(1, "http://h/a", DownloadState::Paused, u"/data/run/a.part"_qs)};
    QCOMPARE(plan({entry("http://h/a", u"sub"_qs)}, records).steps[0].kind, Kind::Add);
    QCOMPARE(plan({entry("http://h/a", {}, u"other.bin"_qs)}, records).steps[0].kind, Kind::Add);
    // A relative dir naming the same folder is the same download.
    QCOMPARE(plan({entry("http://h/a", u"."_qs)}, records).steps[0].kind, Kind::Continue);
    // URL keys ignore what does not change the resource (the fragment).
    QCOMPARE(plan({entry("http://h/a#top")}, records).steps[0].kind, Kind::Continue);
}

void TestResumePlan::urlGivenTwiceContinuesOnce()
{
    const ResumePlan p = plan({entry("http://h/a"), entry("http://h/a")},
                              {record(1, "http://h/a", DownloadState::Paused, u"/data/run/a.part"_qs)});
    QCOMPARE(p.steps[0].kind, Kind::Continue);
    QCOMPARE(p.steps[1].kind, Kind::Add);
}

void TestResumePlan::otherRecordsKeepTheStore()
{
    const ResumePlan mine = plan({entry("http://h/a")}, {record(1, "http://h/a", DownloadState::Paused, u"/p"_qs),
                                                          record(2, "http://h/other", DownloadState::Completed)});
    QVERIFY(!mine.othersUnfinished);
    const ResumePlan theirs = plan({entry("http://h/a")}, {record(1, "http://h/a", DownloadState::Paused, u"/p"_qs),
                                                            record(2, "http://h/other", DownloadState::Paused, u"/q"_qs)});
    QVERIFY(theirs.othersUnfinished);
}

QTEST_GUILESS_MAIN(TestResumePlan)
#include "tst_resumeplan.moc"
