#pragma once

// FaultBody: deterministic generated bodies and status phrases for FaultServer (pure functions, any thread).

#include <QByteArray>
#include <QtGlobal>

namespace FaultBody {

// Bytes [offset, offset + length) of the endless stream for seed; any slice can be produced on
// its own, so huge bodies are never held in memory.
QByteArray generate(qint64 offset, qint64 length, quint32 seed);

// The standard reason phrase for status ("Not Found"); "Unknown" for codes not listed.
QByteArray reasonPhrase(int status);

} // namespace FaultBody
