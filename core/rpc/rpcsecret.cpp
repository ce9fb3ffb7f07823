#include "rpc/rpcsecret.h"

#include <QByteArray>
#include <QFile>
#include <QRandomGenerator>

#include <array>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

constexpr mode_t kPrivateMode = 0600;

Result<QString> failed(const QString &what, const QString &path, int error)
{
    return DownloadError::make(ErrorKind::Disk, QStringLiteral("%1 %2: %3")
        .arg(what, path, QString::fromLocal8Bit(std::strerror(error))));
}

// Closes the descriptor on every way out.
struct Descriptor {
    int fd = -1;
    ~Descriptor() { if (fd >= 0) ::close(fd); }
};

} // namespace

QString RpcSecret::generate()
{
    std::array<quint32, (kRandomBytes + 3) / 4> words{};
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray bytes(reinterpret_cast<const char *>(words.data()), kRandomBytes);
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

Result<QString> RpcSecret::read(const QString &path)
{
    Descriptor file;
    file.fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (file.fd < 0)
        return failed(QStringLiteral("Cannot read the secret file"), path, errno);
    struct stat info {};
    if (::fstat(file.fd, &info) != 0)
        return failed(QStringLiteral("Cannot examine the secret file"), path, errno);
    if (!S_ISREG(info.st_mode))
        return Result<QString>::invalid(QStringLiteral("The secret file %1 is not a regular file").arg(path));
    // Readable by others means the secret may already be known; still, tightening it now keeps
    // it from staying so.
    if ((info.st_mode & 077) != 0 && ::fchmod(file.fd, kPrivateMode) != 0)
        return failed(QStringLiteral("Cannot make the secret file private"), path, errno);
    QByteArray text(kMaxFileBytes + 1, Qt::Uninitialized);
    qsizetype total = 0;
    while (total < text.size()) {
        const ssize_t n = ::read(file.fd, text.data() + total, static_cast<size_t>(text.size() - total));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return failed(QStringLiteral("Cannot read the secret file"), path, errno);
        if (n == 0)
            break;
        total += n;
    }
    if (total > kMaxFileBytes)
        return Result<QString>::invalid(QStringLiteral("The secret file %1 is too large to hold a secret").arg(path));
    text.truncate(total);
    const qsizetype newline = text.indexOf('\n');
    const QString secret = QString::fromUtf8(newline < 0 ? text : text.left(newline)).trimmed();
    if (secret.isEmpty())
        return Result<QString>::invalid(QStringLiteral("The secret file %1 holds no secret").arg(path));
    return secret;
}

Result<void> RpcSecret::write(const QString &path, const QString &secret)
{
    if (secret.trimmed().isEmpty() || secret.contains(QLatin1Char('\n')))
        return Result<void>::invalid(QStringLiteral("A secret is one line of text"));
    Descriptor file;
    file.fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, kPrivateMode);
    if (file.fd < 0)
        return failed(QStringLiteral("Cannot write the secret file"), path, errno).error();
    // O_CREAT's mode only applies to a new file (and the umask may narrow, never widen, it).
    if (::fchmod(file.fd, kPrivateMode) != 0 || ::ftruncate(file.fd, 0) != 0)
        return failed(QStringLiteral("Cannot make the secret file private"), path, errno).error();
    const QByteArray bytes = secret.toUtf8() + '\n';
    qsizetype written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(file.fd, bytes.constData() + written, static_cast<size_t>(bytes.size() - written));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return failed(QStringLiteral("Cannot write the secret file"), path, errno).error();
        written += n;
    }
    if (::fsync(file.fd) != 0)
        return failed(QStringLiteral("Cannot write the secret file"), path, errno).error();
    return {};
}

Result<QString> RpcSecret::loadOrCreate(const QString &path)
{
    struct stat info {};
    if (::lstat(QFile::encodeName(path).constData(), &info) == 0 || errno != ENOENT)
        return read(path);
    const QString secret = generate();
    if (const Result<void> saved = write(path, secret); !saved)
        return saved.error();
    return secret;
}
