#pragma once

#include <QByteArray>
#include <QString>

// Gather's version, set in one place: project(... VERSION) in the top-level CMakeLists.txt.
// Stateless; any thread.
namespace Version {

QString text();            // "0.1.0"
QByteArray userAgent();    // "Gather/0.1.0"

} // namespace Version
