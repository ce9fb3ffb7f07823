#include "rpcoptions.h"

#include "rpc/rpcaccess.h"
#include "rpc/rpcsecret.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QStringBuilder>

#include <cstdio>

namespace {

const QString kEnable = QStringLiteral("enable-rpc");
const QString kPort = QStringLiteral("rpc-listen-port");
const QString kSecret = QStringLiteral("rpc-secret");
const QString kListenAll = QStringLiteral("rpc-listen-all");
const QString kOrigin = QStringLiteral("rpc-allow-origin");
const QString kAllowedDir = QStringLiteral("rpc-allowed-dir");

} // namespace

namespace RpcOptions {

void addTo(QCommandLineParser &parser)
{
    parser.addOptions({
        {kEnable, QStringLiteral("Keep running and take commands over aria2's JSON-RPC (HTTP and WebSocket on "
                                 "/jsonrpc) until aria2.shutdown or a signal.")},
        {kPort, QStringLiteral("Port of the JSON-RPC endpoint (default 6800)."), QStringLiteral("PORT")},
        {kSecret, QStringLiteral("The token clients must send (\"token:SECRET\"). Default: a secret kept in "
                                 "Gather's config folder, made at first use."),
         QStringLiteral("SECRET")},
        {kListenAll, QStringLiteral("Listen on every network interface, not only loopback.")},
        {kOrigin, QStringLiteral("Also let web pages of ORIGIN use the endpoint (browser extensions always may); "
                                 "repeatable."),
         QStringLiteral("ORIGIN")},
        {kAllowedDir, QStringLiteral("Remote downloads only into DIR or below."), QStringLiteral("DIR")},
    });
}

QString firstGiven(const QCommandLineParser &parser)
{
    for (const QString &name : {kEnable, kPort, kSecret, kListenAll, kOrigin, kAllowedDir}) {
        if (parser.isSet(name))
            return name;
    }
    return {};
}

Result<Values> read(const QCommandLineParser &parser)
{
    Values values;
    values.enabled = parser.isSet(kEnable);
    if (!values.enabled) {
        if (const QString given = firstGiven(parser); !given.isEmpty())
            return Result<Values>::invalid(QStringLiteral("--%1 needs --enable-rpc").arg(given));
        return values;
    }
    RpcSettings &s = values.settings;
    if (parser.isSet(kPort)) {
        bool ok = false;
        const uint port = parser.value(kPort).toUInt(&ok);
        if (!ok || port < 1 || port > 65535)
            return Result<Values>::invalid(QStringLiteral("--rpc-listen-port: %1 is not a port (1-65535)").arg(parser.value(kPort)));
        s.port = quint16(port);
    }
    if (parser.isSet(kSecret)) {
        s.secret = parser.value(kSecret);
        if (s.secret.isEmpty())
            return Result<Values>::invalid(QStringLiteral("--rpc-secret: the secret is empty"));
    }
    if (parser.isSet(kListenAll)) {
        s.address = QHostAddress(QHostAddress::Any);
        values.notes.append(QStringLiteral("the JSON-RPC endpoint listens on every network interface: anyone on the "
                                           "network who learns the secret can download files onto this computer"));
    }
    for (const QString &origin : parser.values(kOrigin)) {
        const QString clean = RpcAccess::normalizedOrigin(origin);
        if (!clean.contains(QStringLiteral("://")))
            return Result<Values>::invalid(QStringLiteral("--rpc-allow-origin: %1 is not an origin such as http://localhost:6880").arg(origin));
        s.allowedOrigins.append(clean);
    }
    if (parser.isSet(kAllowedDir)) {
        const QFileInfo dir(QDir::current().absoluteFilePath(parser.value(kAllowedDir)));
        if (parser.value(kAllowedDir).isEmpty() || !dir.isDir())
            return Result<Values>::invalid(QStringLiteral("--rpc-allowed-dir: %1 is not a folder").arg(parser.value(kAllowedDir)));
        values.allowedFolder = dir.canonicalFilePath();
    }
    return values;
}

Result<void> fillSecret(Values &values)
{
    if (!values.settings.secret.isEmpty())
        return {};
    const QString path = secretFile();
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return Result<void>::invalid(QStringLiteral("Cannot make the folder of %1 for the JSON-RPC secret").arg(path));
    Result<QString> secret = RpcSecret::loadOrCreate(path);
    if (!secret)
        return Result<void>::invalid(QStringLiteral("JSON-RPC secret: %1").arg(secret.problem()));
    values.settings.secret = std::move(secret).value();
    std::fprintf(stderr, "gather: the JSON-RPC secret is in %s\n", qPrintable(path));
    return {};
}

QString secretFile()
{
    // Beside the window's gather.ini (QSettings' folder for the organization), not in the
    // deeper per-application folder.
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) % u'/'
        % QCoreApplication::organizationName() % QStringLiteral("/rpc-secret");
}

} // namespace RpcOptions
