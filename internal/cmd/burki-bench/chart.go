package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"strings"
)

// Layout of time.svg in SVG user units (pixels).
const (
	chartWidth   = 880
	chartHeight  = 460
	plotLeft     = 80
	plotRight    = 630
	plotTop      = 70
	plotBottom   = 400
	legendLeft   = 655
	targetTicks  = 6
	markerRadius = 3.5
)

// seriesStyles gives each operation a colour of the Okabe-Ito palette, which
// stays distinct for common colour blindness, and a dash pattern, so lines
// that overlap stay apart.
var seriesStyles = []struct{ color, dash string }{
	{"#0072B2", ""},
	{"#E69F00", "8 4"},
	{"#009E73", "2 4"},
	{"#CC79A7", "10 4 2 4"},
	{"#D55E00", "4 2"},
}

type chartPoint struct{ numbers, seconds float64 }

// timeChart returns an SVG line chart of wall time against the number of
// phone numbers, one line per operation, with axes from 0.
func timeChart(results Results) string {
	var names []string
	series := map[string][]chartPoint{}
	maxNumbers, maxSeconds := 0.0, 0.0
	for _, run := range results.Runs {
		for _, op := range run.Operations {
			if _, seen := series[op.Name]; !seen {
				names = append(names, op.Name)
			}
			series[op.Name] = append(series[op.Name], chartPoint{float64(run.Numbers), op.WallSeconds})
			maxSeconds = max(maxSeconds, op.WallSeconds)
		}
		maxNumbers = max(maxNumbers, float64(run.Numbers))
	}
	xStep, xTop := niceScale(maxNumbers, targetTicks)
	yStep, yTop := niceScale(maxSeconds, targetTicks)
	x := func(v float64) float64 { return plotLeft + v/xTop*(plotRight-plotLeft) }
	y := func(v float64) float64 { return plotBottom - v/yTop*(plotBottom-plotTop) }

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n",
		chartWidth, chartHeight, chartWidth, chartHeight)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", chartWidth, chartHeight)
	writeText(&b, chartWidth/2, 28, "middle", 16, "Wall time of each Terraform command by number of phone numbers")
	writeText(&b, chartWidth/2, 48, "middle", 11, fmt.Sprintf("%g ms latency per request, Terraform parallelism 10, %d CPUs (%s), %s",
		results.Settings.LatencyMS, results.Machine.CPUs, results.Machine.CPUModel, results.Machine.Date))

	// Grid lines and tick labels.
	for i := 0; float64(i)*yStep <= yTop+yStep/2; i++ {
		v := float64(i) * yStep
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#e0e0e0"/>`+"\n", plotLeft, y(v), plotRight, y(v))
		writeText(&b, plotLeft-8, y(v)+4, "end", 12, formatTick(v, yStep))
	}
	for i := 0; float64(i)*xStep <= xTop+xStep/2; i++ {
		v := float64(i) * xStep
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#e0e0e0"/>`+"\n", x(v), plotTop, x(v), plotBottom)
		writeText(&b, x(v), plotBottom+18, "middle", 12, formatTick(v, xStep))
	}

	// Axes and their labels.
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>`+"\n", plotLeft, plotBottom, plotRight, plotBottom)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>`+"\n", plotLeft, plotTop, plotLeft, plotBottom)
	writeText(&b, (plotLeft+plotRight)/2, plotBottom+44, "middle", 13, "phone numbers (half Twilio, half Telnyx)")
	fmt.Fprintf(&b, `<text x="0" y="0" text-anchor="middle" font-size="13" transform="translate(24 %d) rotate(-90)">wall time (s)</text>`+"\n",
		(plotTop+plotBottom)/2)

	// One line per operation, with a marker at each measured size.
	for i, name := range names {
		style := seriesStyles[i%len(seriesStyles)]
		var points []string
		for _, p := range series[name] {
			points = append(points, fmt.Sprintf("%.1f,%.1f", x(p.numbers), y(p.seconds)))
		}
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"%s/>`+"\n",
			strings.Join(points, " "), style.color, dashAttribute(style.dash))
		for _, p := range series[name] {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="%g" fill="%s"/>`+"\n", x(p.numbers), y(p.seconds), markerRadius, style.color)
		}

		legendY := float64(plotTop + 10 + i*24)
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="%s" stroke-width="2"%s/>`+"\n",
			legendLeft, legendY, legendLeft+32, legendY, style.color, dashAttribute(style.dash))
		fmt.Fprintf(&b, `<circle cx="%d" cy="%.1f" r="%g" fill="%s"/>`+"\n", legendLeft+16, legendY, markerRadius, style.color)
		writeText(&b, legendLeft+40, legendY+4, "start", 12, name+" ("+operationCommand(results, name)+")")
	}

	b.WriteString("</svg>\n")
	return b.String()
}

// niceScale returns a tick step of 1, 2 or 5 times a power of ten that
// divides [0, maxValue] into about target intervals, and the first multiple
// of the step at or above maxValue.
func niceScale(maxValue float64, target int) (step, top float64) {
	if maxValue <= 0 {
		maxValue = 1
	}
	raw := maxValue / float64(target)
	magnitude := math.Pow(10, math.Floor(math.Log10(raw)))
	step = 10 * magnitude
	for _, factor := range []float64{1, 2, 5} {
		if raw <= factor*magnitude {
			step = factor * magnitude
			break
		}
	}
	top = math.Ceil(maxValue/step-1e-9) * step
	return step, top
}

// formatTick prints v with as many decimals as step needs, so that 0.30000000000000004
// prints as 0.3.
func formatTick(v, step float64) string {
	decimals := max(0, int(-math.Floor(math.Log10(step))))
	return fmt.Sprintf("%.*f", decimals, v)
}

func operationCommand(results Results, name string) string {
	for _, run := range results.Runs {
		for _, op := range run.Operations {
			if op.Name == name {
				return op.Command
			}
		}
	}
	return ""
}

func dashAttribute(dash string) string {
	if dash == "" {
		return ""
	}
	return fmt.Sprintf(` stroke-dasharray="%s"`, dash)
}

func writeText(b *strings.Builder, x, y float64, anchor string, size int, text string) {
	var escaped bytes.Buffer
	_ = xml.EscapeText(&escaped, []byte(text)) // a bytes.Buffer write never returns an error
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="%s" font-size="%d">%s</text>`+"\n", x, y, anchor, size, escaped.String())
}
