#pragma once

#include "engine/segmentview.h"

#include <QColor>
#include <QWidget>

// A bar that maps one download's file left to right: on disk, on its way to disk, being fetched
// (each connection its own shade, its read position marked) and missing, with a legend below. In
// the palette's colours, so it reads in light and dark themes. Shows what it is given. GUI thread.
class SegmentMap final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SegmentMap)

public:
    explicit SegmentMap(QWidget *parent = nullptr);

    void setView(SegmentView view);
    const SegmentView &view() const { return m_view; }
    // How many spans the bar can tell apart: one per pixel of its width.
    int cells() const;
    // Where the bar is drawn, and the x of a byte offset in it (for tests and tooltips).
    QRect barRect() const;
    int xOf(qint64 offset) const;
    QColor colourOf(SegmentView::Kind kind, int connection = -1) const;
    QString summary() const;  // "2 connections · 3.1 MiB of 8.0 MiB on disk", the accessible text

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void paintLegend(QPainter &painter, int top);

    SegmentView m_view;
};
