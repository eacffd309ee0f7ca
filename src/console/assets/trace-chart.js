/* global window */
/**
 * 资金追踪图: draws the forward trace of a fund (the data-chart attribute, built by the server from the same
 * trace as the table beside it) as an Apache ECharts tree — fund → lower levels → projects → payments and
 * assets — each branch as wide as its amount; a click opens the entry, project or asset behind a node.
 * The table works without this script; nothing here is needed to read the figures.
 */
(function (doc) {
  'use strict';
  const COLORS = {
    fund: '#b3261e',
    project: '#1f5fa8',
    payment: '#2e7d32',
    asset: '#8a5a00',
    unpaid: '#9e9e9e',
    available: '#bdbdbd',
  };
  const yuan = (v) => Number(v).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + ' 元';

  function convert(node, scale, counter) {
    const amount = Math.abs(Number(node.value)) || 0;
    const share = Math.sqrt(amount / scale);
    const color = COLORS[node.kind] || '#555';
    const children = (node.children || []).map((c) => convert(c, scale, counter));
    if (!children.length) counter.leaves++;
    return {
      name: node.name,
      value: node.value,
      href: node.href,
      kind: node.kind,
      symbolSize: Math.max(6, Math.min(26, 5 + 21 * share)),
      itemStyle: { color: color, borderColor: color },
      // The edge into a node is drawn with the node's own line style: its width is the node's amount.
      lineStyle: { width: Math.max(1, 16 * share), color: color, opacity: 0.45, curveness: 0.5 },
      children: children,
    };
  }

  function draw() {
    const box = doc.getElementById('trace-chart');
    const echarts = window.echarts;
    if (!box || !echarts) return;
    const data = JSON.parse(box.dataset.chart || '{}');
    if (!data.tree) return;
    const counter = { leaves: 0 };
    const tree = convert(data.tree, Math.abs(Number(data.tree.value)) || 1, counter);
    box.style.height = Math.max(420, Math.min(4000, counter.leaves * 30)) + 'px';
    const narrow = box.clientWidth < 640;
    const chart = echarts.init(box, null, { renderer: 'canvas' });
    const encode = echarts.format.encodeHTML;
    chart.on('finished', () => {
      box.dataset.rendered = 'true';
    });
    chart.setOption({
      tooltip: {
        trigger: 'item',
        formatter: (p) => encode(p.data.name) + '<br>' + encode(yuan(p.data.value)),
      },
      series: [
        {
          type: 'tree',
          data: [tree],
          orient: 'LR',
          top: 16,
          bottom: 16,
          left: narrow ? '32%' : '20%',
          right: narrow ? '30%' : '30%',
          initialTreeDepth: -1,
          expandAndCollapse: false,
          roam: narrow,
          animationDuration: 300,
          label: {
            position: 'left',
            verticalAlign: 'middle',
            align: 'right',
            fontSize: narrow ? 10 : 12,
            // A long 文号 or project name is cut to the room left of its node (the tooltip and the table have
            // it whole), so that it neither runs off the picture nor over the next level's labels.
            width: narrow ? 90 : 170,
            overflow: 'truncate',
            formatter: (p) => p.data.name + '\n' + yuan(p.data.value),
          },
          leaves: { label: { position: 'right', align: 'left', width: narrow ? 110 : 190, overflow: 'truncate' } },
          emphasis: { focus: 'ancestor' },
        },
      ],
    });
    chart.on('click', (p) => {
      const href = p.data && p.data.href;
      if (!href) return;
      if (href.charAt(0) === '#') window.location.hash = href;
      else window.location.href = href;
    });
    window.addEventListener('resize', () => chart.resize());
  }

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', draw);
  else draw();
})(window.document);
