// The parts of ECharts that vitals' charts use, and nothing else: fetch
// bundles this file with esbuild into ../echarts/echarts.min.js, whose
// global `echarts` is what themes/default/static/assets/vitals.js calls.
//
// What generator/render/chart writes into an option, and what draws it:
//   series "line" (areas, steps, dashed and dotted lines)  LineChart
//   series "bar" (stacked, a hatched decal on a partial period)  BarChart
//   series "scatter": markers drawn as glyphs on the axis     ScatterChart
//     (incidents, missed targets, launch stages; issue 18's marker legend)
//   grid, category/value/log axes, two panes                GridComponent
//   tooltip (trigger "axis"), axisPointer linking panes     TooltipComponent
//   legend {type: "scroll"}                                  LegendComponent
//   dataZoom {type: "slider"}                                DataZoomSliderComponent
//   series markLine (incidents, until markers are glyphs)   MarkLineComponent
//   series markArea (stretches of an exhausted budget)       MarkAreaComponent
//   the light and dark themes, decals                        echarts/core
//
// A chart that needs another series type or component adds it here and
// reruns `go generate ./generator/render/assets`. Until then vitals.js
// names the chart and what it lacks on the console ("uses what this
// ECharts build leaves out"), which fails the browser check.
import { use } from 'echarts/core';
import { LineChart, BarChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DataZoomSliderComponent,
  MarkLineComponent,
  MarkAreaComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([
  CanvasRenderer,
  LineChart,
  BarChart,
  ScatterChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DataZoomSliderComponent,
  MarkLineComponent,
  MarkAreaComponent,
]);

// The whole public API of echarts/core (init, getInstanceByDom, use,
// registerTheme, version, ...), as the prebuilt builds export it, so a
// site's own template script can call what it knows from ECharts' docs.
export * from 'echarts/core';
