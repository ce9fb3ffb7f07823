#pragma once

#include "base/downloaderror.h"

#include <QtGlobal>

#include <optional>
#include <utility>

// The one way core reports whether something worked: a value, or the DownloadError saying why
// there is none (kind and words). Result<void> carries no value. Plain data; any thread.
template<typename T>
class [[nodiscard]] Result final
{
public:
    Result(T value) : m_value(std::move(value)) {}  // NOLINT: a value converts, as in std::expected
    Result(DownloadError error) : m_error(std::move(error)) { Q_ASSERT(m_error.isError()); }  // NOLINT

    // A rejected input: kind InvalidInput and the reason in words.
    static Result invalid(const QString &why) { return DownloadError::make(ErrorKind::InvalidInput, why); }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { Q_ASSERT(ok()); return *m_value; }
    T &value() & { Q_ASSERT(ok()); return *m_value; }
    T &&value() && { Q_ASSERT(ok()); return std::move(*m_value); }
    const T *operator->() const { return &value(); }
    const T &operator*() const & { return value(); }

    const DownloadError &error() const { return m_error; }  // kind None when ok()
    QString problem() const { return m_error.message; }     // empty when ok()

private:
    std::optional<T> m_value;
    DownloadError m_error;
};

template<>
class [[nodiscard]] Result<void> final
{
public:
    Result() = default;
    Result(DownloadError error) : m_error(std::move(error)) {}  // NOLINT: kind None means success

    static Result invalid(const QString &why) { return DownloadError::make(ErrorKind::InvalidInput, why); }

    bool ok() const { return !m_error.isError(); }
    explicit operator bool() const { return ok(); }
    const DownloadError &error() const { return m_error; }
    QString problem() const { return m_error.message; }

private:
    DownloadError m_error;
};
