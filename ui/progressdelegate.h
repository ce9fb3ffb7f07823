#pragma once

#include <QStyledItemDelegate>

// Paints the Progress column as a themed progress bar, tinted by the download's state, from the
// index's roles alone (ProgressRole, StateRole, DisplayRole). GUI thread.
class ProgressDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProgressDelegate)

public:
    explicit ProgressDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // The words on the bar: the model's text, prefixed by the state when it is not plain progress.
    static QString label(const QModelIndex &index);
};
