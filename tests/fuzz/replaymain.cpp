// Runs a fuzz target over every file of its seed corpus (and any crash files given), so the
// targets build and their seeds stay harmless under gcc and the sanitizers in CTest.
#include "fuzztarget.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QFile>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int files = 0;
    for (int i = 1; i < argc; ++i) {
        QDirIterator it(QString::fromLocal8Bit(argv[i]), QDir::Files, QDirIterator::Subdirectories);
        QStringList paths;
        if (QFileInfo(QString::fromLocal8Bit(argv[i])).isFile())
            paths.append(QString::fromLocal8Bit(argv[i]));
        while (it.hasNext())
            paths.append(it.next());
        for (const QString &path : paths) {
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly)) {
                std::fprintf(stderr, "cannot read %s\n", qPrintable(path));
                return 1;
            }
            const QByteArray bytes = file.readAll();
            LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(bytes.constData()), size_t(bytes.size()));
            ++files;
        }
    }
    std::printf("replayed %d inputs\n", files);
    return files > 0 ? 0 : 1;  // an empty corpus is a broken test, not a pass
}
