#pragma once

#include "base/result.h"
#include "rpc/rpcsettings.h"

#include <QString>

class QCommandLineParser;

// The headless daemon's remote-control flags, with aria2c's names where it has them
// (--enable-rpc, --rpc-listen-port, --rpc-secret, --rpc-listen-all): declared on the parser and
// read back validated. Stateless; main thread.
namespace RpcOptions {

struct Values {
    bool enabled = false;
    RpcSettings settings;     // the secret stays empty when none was given (see secretFile)
    QString allowedFolder;    // --rpc-allowed-dir, absolute; empty = anywhere
    QStringList notes;        // warnings for stderr (listening beyond loopback)
};

void addTo(QCommandLineParser &parser);
// The first of these flags given, for "only with --headless" errors; empty when none.
QString firstGiven(const QCommandLineParser &parser);
Result<Values> read(const QCommandLineParser &parser);

// Where the secret is kept when --rpc-secret is not given: the user's config folder.
QString secretFile();
// Without --rpc-secret: the secret from secretFile(), made there (mode 0600) at first use, and
// a note on stderr saying where it is. Call once the application object exists.
Result<void> fillSecret(Values &values);

} // namespace RpcOptions
