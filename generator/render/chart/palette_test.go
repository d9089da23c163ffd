package chart

import (
	"fmt"
	"math"
	"os"
	"regexp"
	"strconv"
	"testing"
)

// The page backgrounds a chart is drawn on, read from the default theme's
// stylesheet: --bg of :root (light, and print) and of the dark scheme.
func backgrounds(t *testing.T) map[string]string {
	t.Helper()
	css, err := os.ReadFile("../../../themes/default/static/assets/vitals.css")
	if err != nil {
		t.Fatal(err)
	}
	bg := regexp.MustCompile(`--bg:\s*(#[0-9a-fA-F]{6})`).FindAllStringSubmatch(string(css), -1)
	if len(bg) < 2 {
		t.Fatalf("vitals.css: want --bg for the light and the dark scheme, found %d", len(bg))
	}
	return map[string]string{"light": bg[0][1], "dark": bg[1][1]}
}

// Every series colour and every marker colour has at least 3:1 contrast
// (WCAG 2.1's relative luminance) against the light and the dark page:
// WCAG 1.4.11 asks it of the graphics that carry meaning.
func TestPaletteContrastIsAtLeastThreeToOneInLightAndDark(t *testing.T) {
	colours := append([]string(nil), Palette...)
	for _, m := range markerStyles {
		colours = append(colours, m.Color)
	}
	for scheme, bg := range backgrounds(t) {
		for _, c := range colours {
			if r := contrast(c, bg); r < 3 {
				t.Errorf("%s against the %s background %s: contrast %.2f, want at least 3", c, scheme, bg, r)
			}
		}
	}
	// The check itself: ECharts' default green and yellow fail on white.
	if contrast("#91cc75", "#ffffff") >= 3 || contrast("#fac858", "#ffffff") >= 3 {
		t.Error("contrast() passes colours known to fail")
	}
}

// The series colours stay apart for readers with colour-vision deficiency:
// simulated for protanopia, deuteranopia and tritanopia (Machado, Oliveira
// and Fernandes 2009, severity 1), every two colours differ by at least
// 15 (CIE76 ΔE in CIELAB; about 2.3 is the smallest difference seen).
func TestPaletteStaysApartUnderColourBlindness(t *testing.T) {
	for _, cvd := range []string{"", "protanopia", "deuteranopia", "tritanopia"} {
		for i := range Palette {
			for j := i + 1; j < len(Palette); j++ {
				if d := deltaE(simulate(Palette[i], cvd), simulate(Palette[j], cvd)); d < 15 {
					t.Errorf("%s and %s under %q: ΔE %.1f, want at least 15", Palette[i], Palette[j], cvd, d)
				}
			}
		}
	}
	// The check itself: ECharts' default blue and purple merge under protanopia.
	if d := deltaE(simulate("#5470c6", "protanopia"), simulate("#9a60b4", "protanopia")); d >= 15 {
		t.Errorf("simulate passes a pair known to merge (ΔE %.1f)", d)
	}
}

func rgb(hex string) [3]float64 {
	var out [3]float64
	for i := range out {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			panic(fmt.Sprintf("colour %q: %v", hex, err))
		}
		c := float64(v) / 255
		if c <= 0.04045 {
			out[i] = c / 12.92
		} else {
			out[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return out // linear RGB
}

func luminance(l [3]float64) float64 { return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2] }

func contrast(a, b string) float64 {
	la, lb := luminance(rgb(a)), luminance(rgb(b))
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

var machado = map[string][3][3]float64{
	"protanopia":   {{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}},
	"deuteranopia": {{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}},
	"tritanopia":   {{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}},
}

// simulate is a colour as seen with a deficiency ("" none), in linear RGB.
func simulate(hex, cvd string) [3]float64 {
	l := rgb(hex)
	m, ok := machado[cvd]
	if !ok {
		return l
	}
	var out [3]float64
	for i := range out {
		out[i] = min(1, max(0, m[i][0]*l[0]+m[i][1]*l[1]+m[i][2]*l[2]))
	}
	return out
}

// deltaE is the CIE76 difference of two linear-RGB colours (D65).
func deltaE(a, b [3]float64) float64 {
	la, lb := lab(a), lab(b)
	return math.Sqrt((la[0]-lb[0])*(la[0]-lb[0]) + (la[1]-lb[1])*(la[1]-lb[1]) + (la[2]-lb[2])*(la[2]-lb[2]))
}

func lab(l [3]float64) [3]float64 {
	x := (0.4124*l[0] + 0.3576*l[1] + 0.1805*l[2]) / 0.95047
	y := 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
	z := (0.0193*l[0] + 0.1192*l[1] + 0.9505*l[2]) / 1.08883
	f := func(t float64) float64 {
		if t > 0.008856 {
			return math.Cbrt(t)
		}
		return 7.787*t + 16.0/116
	}
	return [3]float64{116*f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))}
}
