#pragma once

#include "base/checksumspec.h"

#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;

// The Add dialog's checksum for a single link ("sha-256=HEX"): the text typed, whether it can be
// used, and the reason in words when it cannot. GUI thread.
class ChecksumField final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChecksumField)

public:
    explicit ChecksumField(QWidget *parent = nullptr);

    void setChecksum(const std::optional<ChecksumSpec> &checksum);
    // The checksum typed; nullopt when the field is empty or refused.
    std::optional<ChecksumSpec> checksum() const;
    bool isUsable() const { return m_problem.isEmpty(); }  // empty, or a checksum
    QString problem() const { return m_problem; }
    QLineEdit *edit() const { return m_edit; }

Q_SIGNALS:
    void edited();

private:
    void check();

    QLineEdit *m_edit;
    QLabel *m_problemLabel;
    QString m_problem;
};
