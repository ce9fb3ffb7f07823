// Categories by type: the extension and MIME rules (FileCategories), where a category's folder is
// (CategoryFolders), and the engine putting each file in its category's folder with the right
// bytes: by the URL's name, by the server's name or Content-Type, never over a list's dir=, and
// not at all while sorting is off (the default).
#include "base/categoryfolders.h"
#include "enginefixture.h"
#include "faultserver.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(FileCategory)

namespace {

DownloadSettings sortingSettings()
{
    DownloadSettings settings = EngineFixture::testSettings();
    settings.categories.enabled = true;
    return settings;
}

FaultResponse typed(const QByteArray &body, const QByteArray &type, const QByteArray &disposition = {})
{
    FaultResponse response = FaultResponse::ok(body);
    response.headers.append({"Content-Type", type});
    if (!disposition.isEmpty())
        response.headers.append({"Content-Disposition", disposition});
    return response;
}

} // namespace

class TestFileCategories final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.listen()); }

    void byName_data();
    void byName();
    void byMimeType_data();
    void byMimeType();
    void nameBeforeMimeType();
    void folders();
    void placeLeavesChosenFoldersAlone();
    void offByDefault();
    void extensionPicksTheFolder();
    void mimeTypeWhenTheNameSaysNothing();
    void serverNameCorrectsTheGuess();
    void listDirWins();
    void customFolder();

private:
    FaultServer m_server;
};

void TestFileCategories::byName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<FileCategory>("category");
    QTest::newRow("mkv") << u"film.mkv"_s << FileCategory::Video;
    QTest::newRow("upper case") << u"CLIP.MP4"_s << FileCategory::Video;
    QTest::newRow("flac") << u"song.flac"_s << FileCategory::Music;
    QTest::newRow("opus") << u"talk.opus"_s << FileCategory::Music;
    QTest::newRow("png") << u"shot.png"_s << FileCategory::Pictures;
    QTest::newRow("tar.xz") << u"linux-6.9.tar.xz"_s << FileCategory::Archives;
    QTest::newRow("iso") << u"debian-12.iso"_s << FileCategory::Archives;
    QTest::newRow("zst") << u"pkg.zst"_s << FileCategory::Archives;
    QTest::newRow("pdf") << u"paper.pdf"_s << FileCategory::Documents;
    QTest::newRow("docx") << u"letter.docx"_s << FileCategory::Documents;
    QTest::newRow("AppImage") << u"Tool-x86_64.AppImage"_s << FileCategory::Programs;
    QTest::newRow("deb") << u"gather_1.0_amd64.deb"_s << FileCategory::Programs;
    QTest::newRow("unknown extension") << u"data.xyz"_s << FileCategory::None;
    QTest::newRow("no extension") << u"README"_s << FileCategory::None;
    QTest::newRow("dot file") << u".mkv"_s << FileCategory::None;
    QTest::newRow("trailing dot") << u"film."_s << FileCategory::None;
    QTest::newRow("empty") << QString() << FileCategory::None;
}

void TestFileCategories::byName()
{
    QFETCH(QString, name);
    QFETCH(FileCategory, category);
    QCOMPARE(FileCategories::ofName(name), category);
}

void TestFileCategories::byMimeType_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<FileCategory>("category");
    QTest::newRow("video family") << u"video/x-matroska"_s << FileCategory::Video;
    QTest::newRow("audio with parameters") << u"audio/mpeg; charset=binary"_s << FileCategory::Music;
    QTest::newRow("image family") << u"image/webp"_s << FileCategory::Pictures;
    QTest::newRow("zip") << u"application/zip"_s << FileCategory::Archives;
    QTest::newRow("gzip-compressed tar") << u"application/x-compressed-tar"_s << FileCategory::Archives;
    QTest::newRow("pdf, upper case") << u"Application/PDF"_s << FileCategory::Documents;
    QTest::newRow("debian package") << u"application/vnd.debian.binary-package"_s << FileCategory::Programs;
    QTest::newRow("octet-stream says nothing") << u"application/octet-stream"_s << FileCategory::None;
    QTest::newRow("html") << u"text/html"_s << FileCategory::None;
    QTest::newRow("unknown") << u"application/x-gather-nothing"_s << FileCategory::None;
    QTest::newRow("garbage") << u";;; \u00e9"_s << FileCategory::None;
    QTest::newRow("empty") << QString() << FileCategory::None;
}

void TestFileCategories::byMimeType()
{
    QFETCH(QString, type);
    QFETCH(FileCategory, category);
    QCOMPARE(FileCategories::ofMimeType(type), category);
}

void TestFileCategories::nameBeforeMimeType()
{
    QCOMPARE(FileCategories::of(u"x.flac", u"video/mp4"), FileCategory::Music);
    QCOMPARE(FileCategories::of(u"download", u"video/mp4"), FileCategory::Video);
    QCOMPARE(FileCategories::of(u"page.html", u"application/pdf"), FileCategory::Documents);
}

void TestFileCategories::folders()
{
    CategoryFolders categories;
    QCOMPARE(categories.folderFor(u"film.mkv", {}, u"/d"_s), std::nullopt);  // off
    categories.enabled = true;
    QCOMPARE(categories.folderFor(u"film.mkv", {}, u"/d"_s), u"/d/Video"_s);
    QCOMPARE(categories.folderFor(u"x", u"application/zip", u"/d"_s), u"/d/Archives"_s);
    QCOMPARE(categories.folderFor(u"x.bin", {}, u"/d"_s), u"/d"_s);  // no category: the download folder
    categories.folders[size_t(FileCategories::indexOf(FileCategory::Music))] = u"Audio/Lossless"_s;
    categories.folders[size_t(FileCategories::indexOf(FileCategory::Programs))] = u"/opt/incoming/"_s;
    QCOMPARE(categories.folderOf(FileCategory::Music, u"/d"_s), u"/d/Audio/Lossless"_s);
    QCOMPARE(categories.folderOf(FileCategory::Programs, u"/d"_s), u"/opt/incoming"_s);
    QCOMPARE(FileCategories::nameOf(FileCategory::Pictures), u"Pictures"_s);
    QCOMPARE(FileCategories::keyOf(FileCategory::Documents), u"documents"_s);
}

void TestFileCategories::placeLeavesChosenFoldersAlone()
{
    CategoryFolders categories;
    categories.enabled = true;
    UrlEntry byUrl;
    byUrl.url = QUrl(u"https://example.org/a/b/film%20one.webm?x=1"_s);
    categories.place(byUrl, u"/d"_s);
    QCOMPARE(byUrl.dir, u"/d/Video"_s);
    QVERIFY(byUrl.folderByCategory);

    UrlEntry byOut;
    byOut.url = QUrl(u"https://example.org/get.php"_s);
    byOut.outName = u"notes.pdf"_s;
    categories.place(byOut, u"/d"_s);
    QCOMPARE(byOut.dir, u"/d/Documents"_s);

    UrlEntry unknown;
    unknown.url = QUrl(u"https://example.org/get.php"_s);
    categories.place(unknown, u"/d"_s);
    QVERIFY(unknown.dir.isEmpty());        // the download folder, until the server says more
    QVERIFY(unknown.folderByCategory);

    UrlEntry withDir;
    withDir.url = QUrl(u"https://example.org/film.mkv"_s);
    withDir.dir = u"mine"_s;
    categories.place(withDir, u"/d"_s);
    QCOMPARE(withDir.dir, u"mine"_s);
    QVERIFY(!withDir.folderByCategory);

    categories.enabled = false;
    UrlEntry off;
    off.url = QUrl(u"https://example.org/film.mkv"_s);
    categories.place(off, u"/d"_s);
    QVERIFY(off.dir.isEmpty());
    QVERIFY(!off.folderByCategory);
}

void TestFileCategories::offByDefault()
{
    QVERIFY(!DownloadSettings{}.categories.enabled);
    EngineFixture engine;
    const QByteArray body = FaultServer::generatedBody(70'000, 3);
    m_server.setResponse(u"/off/film.mkv"_s, typed(body, "video/x-matroska"));
    const DownloadId id = engine.add(m_server.url(u"/off/film.mkv"_s));
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(engine.path(u"film.mkv"_s)), EngineFixture::sha256(body));
    QVERIFY(!QDir(engine.path(u"Video"_s)).exists());
}

void TestFileCategories::extensionPicksTheFolder()
{
    EngineFixture engine(sortingSettings());
    const QByteArray video = FaultServer::generatedBody(90'000, 4);
    const QByteArray program = FaultServer::generatedBody(12'345, 5);
    m_server.setResponse(u"/ext/film.mkv"_s, FaultResponse::ok(video));
    m_server.setResponse(u"/ext/tool.AppImage"_s, FaultResponse::ok(program));
    const DownloadId first = engine.add(m_server.url(u"/ext/film.mkv"_s));
    const DownloadId second = engine.add(m_server.url(u"/ext/tool.AppImage"_s));
    // Known from the URL before anything was fetched: the Add dialog and the list can say it.
    QCOMPARE(engine.download(first).folder(), engine.path(u"Video"_s));
    QVERIFY(engine.waitFinal(first));
    QVERIFY(engine.waitFinal(second));
    QCOMPARE(engine.download(first).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(engine.path(u"Video/film.mkv"_s)), EngineFixture::sha256(video));
    QCOMPARE(EngineFixture::fileSha256(engine.path(u"Programs/tool.AppImage"_s)), EngineFixture::sha256(program));
    QCOMPARE(engine.download(second).filePath(), engine.path(u"Programs/tool.AppImage"_s));
}

void TestFileCategories::mimeTypeWhenTheNameSaysNothing()
{
    EngineFixture engine(sortingSettings());
    const QByteArray pdf = FaultServer::generatedBody(20'000, 6);
    const QByteArray other = FaultServer::generatedBody(1000, 7);
    m_server.setResponse(u"/mime/fetch"_s, typed(pdf, "application/pdf"));
    m_server.setResponse(u"/mime/blob"_s, typed(other, "application/octet-stream"));
    const DownloadId id = engine.add(m_server.url(u"/mime/fetch"_s));
    const DownloadId plain = engine.add(m_server.url(u"/mime/blob"_s));
    QCOMPARE(engine.download(id).folder(), engine.folder());  // nothing known yet
    QVERIFY(engine.waitFinal(id));
    QVERIFY(engine.waitFinal(plain));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(engine.download(id).folder(), engine.path(u"Documents"_s));
    QCOMPARE(EngineFixture::fileSha256(engine.download(id).filePath()), EngineFixture::sha256(pdf));
    QVERIFY(engine.download(id).filePath().startsWith(engine.path(u"Documents/"_s)));
    // A type that says nothing leaves the file in the download folder.
    QCOMPARE(engine.download(plain).filePath(), engine.path(u"blob"_s));
    QCOMPARE(EngineFixture::fileSha256(engine.path(u"blob"_s)), EngineFixture::sha256(other));
}

void TestFileCategories::serverNameCorrectsTheGuess()
{
    EngineFixture engine(sortingSettings());
    const QByteArray song = FaultServer::generatedBody(33'000, 8);
    m_server.setResponse(u"/fix/file.zip"_s, typed(song, "application/zip", "attachment; filename=\"song.flac\""));
    const DownloadId id = engine.add(m_server.url(u"/fix/file.zip"_s));
    QCOMPARE(engine.download(id).folder(), engine.path(u"Archives"_s));
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(engine.path(u"Music/song.flac"_s)), EngineFixture::sha256(song));
    QVERIFY(!QDir(engine.path(u"Archives"_s)).exists());  // never created there
    QCOMPARE(engine.download(id).snapshot().entry.dir, engine.path(u"Music"_s));
}

void TestFileCategories::listDirWins()
{
    EngineFixture engine(sortingSettings());
    const QByteArray body = FaultServer::generatedBody(5000, 9);
    m_server.setResponse(u"/dir/clip.webm"_s, typed(body, "video/webm"));
    UrlEntry entry;
    entry.url = m_server.url(u"/dir/clip.webm"_s);
    entry.dir = u"mine"_s;  // a list line's dir=
    const DownloadId id = engine.add(entry);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(engine.path(u"mine/clip.webm"_s)), EngineFixture::sha256(body));
    QVERIFY(!QDir(engine.path(u"Video"_s)).exists());
}

void TestFileCategories::customFolder()
{
    QTemporaryDir elsewhere;
    DownloadSettings settings = sortingSettings();
    settings.categories.folders[size_t(FileCategories::indexOf(FileCategory::Pictures))] = elsewhere.path();
    settings.categories.folders[size_t(FileCategories::indexOf(FileCategory::Archives))] = u"Packed/Up"_s;
    EngineFixture engine(settings);
    const QByteArray picture = FaultServer::generatedBody(4000, 10);
    const QByteArray archive = FaultServer::generatedBody(4100, 11);
    m_server.setResponse(u"/custom/shot.png"_s, FaultResponse::ok(picture));
    m_server.setResponse(u"/custom/all.tar.gz"_s, FaultResponse::ok(archive));
    const DownloadId a = engine.add(m_server.url(u"/custom/shot.png"_s));
    const DownloadId b = engine.add(m_server.url(u"/custom/all.tar.gz"_s));
    QVERIFY(engine.waitFinal(a));
    QVERIFY(engine.waitFinal(b));
    QCOMPARE(EngineFixture::fileSha256(elsewhere.filePath(u"shot.png"_s)), EngineFixture::sha256(picture));
    QCOMPARE(EngineFixture::fileSha256(engine.path(u"Packed/Up/all.tar.gz"_s)), EngineFixture::sha256(archive));
}

QTEST_GUILESS_MAIN(TestFileCategories)
#include "tst_filecategories.moc"
