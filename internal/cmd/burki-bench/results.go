package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Results is the content of results.json.
type Results struct {
	Machine  Machine      `json:"machine"`
	Settings Settings     `json:"settings"`
	Runs     []SizeResult `json:"runs"`
}

// Settings are the benchmark's parameters.
type Settings struct {
	LatencyMS            float64 `json:"latency_ms"`
	Sizes                []int   `json:"sizes"`
	TerraformParallelism string  `json:"terraform_parallelism"`
	MemorySampleMS       float64 `json:"memory_sample_interval_ms"`
	MemoryMethod         string  `json:"memory_method"`
	RequestsPerNumber    string  `json:"requests_per_number"`
	// ExtraEnvironment lists the NAME=VALUE entries that -env added for
	// Terraform and the provider.
	ExtraEnvironment []string `json:"extra_environment,omitempty"`
}

func newSettings(opts options) Settings {
	return Settings{
		LatencyMS:            float64(opts.latency) / float64(time.Millisecond),
		Sizes:                opts.sizes,
		TerraformParallelism: "Terraform's default (10); -parallelism is not passed",
		MemorySampleMS:       float64(sampleInterval) / float64(time.Millisecond),
		MemoryMethod: "max VmHWM from /proc/PID/status over the processes whose parent is the Terraform process " +
			"and whose executable is the provider copy, polled every memory_sample_interval_ms",
		RequestsPerNumber: "requests logged by one carrier's fake during the operation, divided by that carrier's numbers",
		ExtraEnvironment:  opts.extraEnv,
	}
}

// SizeResult holds the figures of every operation on one number of numbers.
type SizeResult struct {
	Numbers       int               `json:"numbers"`
	TwilioNumbers int               `json:"twilio_numbers"`
	TelnyxNumbers int               `json:"telnyx_numbers"`
	Operations    []OperationResult `json:"operations"`
	// Problems lists failed commands, non-empty plans, unexpected writes and
	// numbers that destroy did not restore. Empty means all behaved.
	Problems []string `json:"problems"`
}

// OperationResult holds the figures of one Terraform command.
type OperationResult struct {
	Name               string  `json:"name"`
	Command            string  `json:"command"`
	WallSeconds        float64 `json:"wall_seconds"`
	ExitCode           int     `json:"exit_code"`
	ProviderPeakRSSKiB int64   `json:"provider_peak_rss_kib"`
	ProviderProcesses  int     `json:"provider_processes"`
	TerraformMaxRSSKiB int64   `json:"terraform_max_rss_kib"`
	// CPU time in seconds of the provider processes as sampled, of Terraform
	// (wait4's figure for Terraform and its children, less the provider's),
	// of the benchmark process with the fakes, and of every other program
	// during the command. The sampler misses up to 50 ms of each provider
	// process, which then counts as Terraform's.
	ProviderCPUSeconds  float64 `json:"provider_cpu_seconds"`
	TerraformCPUSeconds float64 `json:"terraform_cpu_seconds"`
	FakesCPUSeconds     float64 `json:"fakes_cpu_seconds"`
	OtherCPUSeconds     float64 `json:"other_cpu_seconds"`
	// LoadAverage is the 1-minute load average when the command ended.
	LoadAverage float64           `json:"load_average_1m"`
	Carriers    []CarrierRequests `json:"carriers"`
	Problems    []string          `json:"problems,omitempty"`
	Log         string            `json:"log"`
}

// CarrierRequests counts the requests of one operation to one carrier.
type CarrierRequests struct {
	Carrier           string          `json:"carrier"`
	Numbers           int             `json:"numbers"`
	Requests          int             `json:"requests"`
	Writes            int             `json:"writes"`
	Failed            int             `json:"failed"`
	RequestsPerNumber float64         `json:"requests_per_number"`
	WritesPerNumber   float64         `json:"writes_per_number"`
	Endpoints         []EndpointCount `json:"endpoints"`
}

// EndpointCount counts the requests to one endpoint, such as
// "GET /v2/phone_numbers/{id}".
type EndpointCount struct {
	Endpoint  string  `json:"endpoint"`
	Requests  int     `json:"requests"`
	PerNumber float64 `json:"per_number"`
}

func (o OperationResult) carrier(name string) CarrierRequests {
	for _, c := range o.Carriers {
		if c.Carrier == name {
			return c
		}
	}
	return CarrierRequests{Carrier: name}
}

func writeJSON(path string, results Results) error {
	data, err := json.MarshalIndent(results, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// printRun writes the tables of one size to the terminal.
func printRun(out io.Writer, run SizeResult, latency time.Duration) {
	fmt.Fprintf(out, "\n%d numbers (%d Twilio, %d Telnyx), %s latency per request\n",
		run.Numbers, run.TwilioNumbers, run.TelnyxNumbers, latency)
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	for _, row := range summaryRows(run) {
		fmt.Fprintln(w, strings.Join(row, "\t"))
	}
	w.Flush()

	fmt.Fprintln(out, "\nRequests per number by endpoint")
	w = tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	for _, row := range endpointRows(run) {
		fmt.Fprintln(w, strings.Join(row, "\t"))
	}
	w.Flush()

	for _, problem := range run.Problems {
		fmt.Fprintln(out, "PROBLEM:", problem)
	}
}

// summaryRows returns a header and one row per operation.
func summaryRows(run SizeResult) [][]string {
	rows := [][]string{{"operation", "command", "wall (s)", "Twilio req/number", "Twilio writes/number",
		"Telnyx req/number", "Telnyx writes/number", "provider peak RSS (MiB)", "provider processes",
		"provider CPU (s)", "Terraform CPU (s)", "fakes CPU (s)", "other programs' CPU (s)"}}
	for _, op := range run.Operations {
		twilio, telnyx := op.carrier("twilio"), op.carrier("telnyx")
		rows = append(rows, []string{
			op.Name,
			"terraform " + op.Command,
			fmt.Sprintf("%.1f", op.WallSeconds),
			fmt.Sprintf("%.2f", twilio.RequestsPerNumber),
			fmt.Sprintf("%.2f", twilio.WritesPerNumber),
			fmt.Sprintf("%.2f", telnyx.RequestsPerNumber),
			fmt.Sprintf("%.2f", telnyx.WritesPerNumber),
			fmt.Sprintf("%.1f", float64(op.ProviderPeakRSSKiB)/1024),
			fmt.Sprint(op.ProviderProcesses),
			fmt.Sprintf("%.1f", op.ProviderCPUSeconds),
			fmt.Sprintf("%.1f", op.TerraformCPUSeconds),
			fmt.Sprintf("%.1f", op.FakesCPUSeconds),
			fmt.Sprintf("%.1f", op.OtherCPUSeconds),
		})
	}
	return rows
}

// endpointRows returns a header and one row per carrier endpoint, with the
// requests per number of each operation; "-" means none.
func endpointRows(run SizeResult) [][]string {
	header := []string{"carrier", "endpoint"}
	for _, op := range run.Operations {
		header = append(header, op.Name)
	}
	rows := [][]string{header}

	for _, carrierName := range []string{"twilio", "telnyx"} {
		var endpoints []string
		for _, op := range run.Operations {
			for _, e := range op.carrier(carrierName).Endpoints {
				if !slices.Contains(endpoints, e.Endpoint) {
					endpoints = append(endpoints, e.Endpoint)
				}
			}
		}
		slices.SortFunc(endpoints, compareEndpoints)

		for _, endpoint := range endpoints {
			row := []string{carrierName, endpoint}
			for _, op := range run.Operations {
				cell := "-"
				for _, e := range op.carrier(carrierName).Endpoints {
					if e.Endpoint == endpoint {
						cell = fmt.Sprintf("%.2f", e.PerNumber)
					}
				}
				row = append(row, cell)
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// markdownSummary returns summary.md: the machine and, per size, the same
// tables as the terminal, ready to paste into bench/README.md.
func markdownSummary(results Results) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# burki-bench results\n\n%s\n\nLatency per request: %g ms. Terraform parallelism: default (10).\n",
		results.Machine.summary(), results.Settings.LatencyMS)
	for _, run := range results.Runs {
		fmt.Fprintf(&b, "\n## %d numbers (%d Twilio, %d Telnyx)\n\n", run.Numbers, run.TwilioNumbers, run.TelnyxNumbers)
		writeMarkdownTable(&b, summaryRows(run))
		b.WriteString("\nRequests per number by endpoint:\n\n")
		writeMarkdownTable(&b, endpointRows(run))
		if len(run.Problems) > 0 {
			b.WriteString("\nProblems:\n\n")
			for _, problem := range run.Problems {
				fmt.Fprintf(&b, "- %s\n", problem)
			}
		}
	}
	return b.String()
}

// writeMarkdownTable writes rows with the first as the header. The second
// column, a command or an endpoint in both tables, is set as code.
func writeMarkdownTable(b *strings.Builder, rows [][]string) {
	for i, row := range rows {
		if i > 0 && len(row) > 1 {
			row = slices.Clone(row)
			row[1] = "`" + row[1] + "`"
		}
		fmt.Fprintf(b, "| %s |\n", strings.Join(row, " | "))
		if i == 0 {
			fmt.Fprintf(b, "|%s\n", strings.Repeat("---|", len(row)))
		}
	}
}
