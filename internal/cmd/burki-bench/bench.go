package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/burki/terraform-provider-burki/internal/sandbox"
)

// operation is one measured Terraform command.
type operation struct {
	Name string
	// Command is what the tables show: the Terraform subcommand and the flag
	// that matters.
	Command string
	Args    []string
	// VoiceVersion, when not 0, rewrites main.tf first with voice URLs of
	// that version.
	VoiceVersion int
	// ReadOnly operations must send no write and end with exit code 0 of
	// -detailed-exitcode, which means that the plan is empty.
	ReadOnly bool
}

// operations are measured in this order on one Terraform state. No
// -parallelism flag is passed, so Terraform keeps its default of 10.
var operations = []operation{
	{Name: "create", Command: "apply", VoiceVersion: 1,
		Args: []string{"apply", "-auto-approve", "-input=false", "-no-color"}},
	{Name: "refresh", Command: "plan -refresh-only", ReadOnly: true,
		Args: []string{"plan", "-refresh-only", "-detailed-exitcode", "-input=false", "-no-color"}},
	{Name: "plan", Command: "plan", ReadOnly: true,
		Args: []string{"plan", "-detailed-exitcode", "-input=false", "-no-color"}},
	{Name: "update", Command: "apply", VoiceVersion: 2,
		Args: []string{"apply", "-auto-approve", "-input=false", "-no-color"}},
	{Name: "destroy", Command: "destroy",
		Args: []string{"destroy", "-auto-approve", "-input=false", "-no-color"}},
}

// benchSize runs every operation on n numbers, on fresh fakes and a fresh
// state. When an operation fails, the rest of the size is skipped and the
// failure is listed in Problems. The error is only for a failure to set up.
func benchSize(ctx context.Context, opts options, workDir, provider string, n int) (SizeResult, error) {
	fakes, err := startCarriers(n, opts.latency)
	if err != nil {
		return SizeResult{}, err
	}
	defer fakes.close()

	env := append(fakes.environment(), opts.extraEnv...)
	ws, err := newWorkspace(filepath.Join(workDir, fmt.Sprintf("n%d", n)), opts.terraform, provider, env, opts.timeout)
	if err != nil {
		return SizeResult{}, err
	}

	result := SizeResult{
		Problems:      []string{},
		Numbers:       n,
		TwilioNumbers: fakes.countNumbers("twilio"),
		TelnyxNumbers: fakes.countNumbers("telnyx"),
	}
	for _, op := range operations {
		if op.VoiceVersion != 0 {
			if err := ws.writeConfig(configuration(fakes.numbers, op.VoiceVersion)); err != nil {
				return SizeResult{}, err
			}
		}
		measured, ok := measure(ctx, ws, fakes, op, filepath.Join(opts.outDir, "logs", fmt.Sprintf("%d-%s.log", n, op.Name)))
		result.Operations = append(result.Operations, measured)
		for _, problem := range measured.Problems {
			result.Problems = append(result.Problems, op.Name+": "+problem)
		}
		if !ok {
			return result, nil
		}
	}

	for _, problem := range fakes.checkRestored() {
		result.Problems = append(result.Problems, "after destroy: "+problem)
	}
	return result, nil
}

// measure runs one operation and returns its figures, and false when the
// operation failed so that the next ones make no sense.
func measure(ctx context.Context, ws *workspace, fakes *carriers, op operation, logPath string) (OperationResult, bool) {
	fmt.Printf("    %-8s terraform %-18s ", op.Name, op.Command)
	fakes.resetRequests()
	cpuBefore, busyBefore := processCPU(), systemBusyCPU()
	run, runErr := ws.run(ctx, logPath, op.Args...)
	fakesCPU, busy := processCPU()-cpuBefore, systemBusyCPU()-busyBefore
	logs := fakes.loggedRequests()

	measured := OperationResult{
		Name:                op.Name,
		Command:             op.Command,
		WallSeconds:         run.Wall.Seconds(),
		ExitCode:            run.ExitCode,
		ProviderPeakRSSKiB:  run.Memory.PeakKiB,
		ProviderProcesses:   run.Memory.Processes,
		TerraformMaxRSSKiB:  run.TerraformMaxRSSKiB,
		TerraformCPUSeconds: (run.TerraformCPU - run.Memory.CPU).Seconds(),
		ProviderCPUSeconds:  run.Memory.CPU.Seconds(),
		FakesCPUSeconds:     fakesCPU.Seconds(),
		OtherCPUSeconds:     max(0, (busy - run.TerraformCPU - fakesCPU).Seconds()),
		LoadAverage:         loadAverage(),
		Log:                 logPath,
	}
	for _, name := range []string{"twilio", "telnyx"} {
		measured.Carriers = append(measured.Carriers, countRequests(name, fakes.countNumbers(name), logs[name]))
	}
	fmt.Printf("%7.1f s\n", measured.WallSeconds)

	ok := true
	switch {
	case runErr != nil:
		measured.Problems = append(measured.Problems, runErr.Error())
		ok = false
	case run.ExitCode == 2 && op.ReadOnly:
		measured.Problems = append(measured.Problems, "the plan is not empty (exit code 2), see "+logPath)
	case run.ExitCode != 0:
		measured.Problems = append(measured.Problems, fmt.Sprintf("terraform exited with code %d, see %s", run.ExitCode, logPath))
		ok = false
	}
	for _, counts := range measured.Carriers {
		if op.ReadOnly && counts.Writes > 0 {
			measured.Problems = append(measured.Problems, fmt.Sprintf("%d writes to %s, expected none", counts.Writes, counts.Carrier))
		}
		if counts.Failed > 0 {
			measured.Problems = append(measured.Problems, fmt.Sprintf("%d requests to %s got no 2xx response", counts.Failed, counts.Carrier))
		}
	}
	return measured, ok
}

// processCPU returns the user and system time of this process so far: the
// fakes, and the memory sampler.
func processCPU() time.Duration {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		return 0
	}
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
}

// systemBusyCPU returns the CPU time that all CPUs have spent outside idle
// and iowait since boot, from the first line of /proc/stat, or 0.
func systemBusyCPU() time.Duration {
	line, _, _ := strings.Cut(readFileString("/proc/stat"), "\n")
	fields := strings.Fields(line)
	if len(fields) < 8 || fields[0] != "cpu" {
		return 0
	}
	// The columns are user, nice, system, idle, iowait, irq, softirq and
	// steal, in clock ticks.
	var ticks int64
	for i, field := range fields[1:9] {
		if i == 3 || i == 4 {
			continue
		}
		n, _ := strconv.ParseInt(field, 10, 64)
		ticks += n
	}
	return ticksToDuration(ticks)
}

// loadAverage returns the 1-minute load average of /proc/loadavg, or -1. A
// value above the number of CPUs means that other work competed for them.
func loadAverage() float64 {
	fields := strings.Fields(readFileString("/proc/loadavg"))
	if len(fields) == 0 {
		return -1
	}
	load, err := strconv.ParseFloat(fields[0], 64)
	if err != nil {
		return -1
	}
	return load
}

// configuration returns main.tf with one resource per number. Every resource
// names its carrier, so no lookup decides it, and sets a voice URL of the
// given version. Numbers alternate between enable_sms and disable_sms within
// each carrier.
func configuration(numbers []seededNumber, voiceVersion int) string {
	var b strings.Builder
	b.WriteString(`# Generated by burki-bench. The provider is configured by the environment.
terraform {
  required_providers {
    burki = {
      source = "burki/burki"
    }
  }
}

provider "burki" {}
`)
	indexInCarrier := map[string]int{}
	for _, number := range numbers {
		i := indexInCarrier[number.Carrier]
		indexInCarrier[number.Carrier]++

		smsFlag := "enable_sms "
		if i%2 == 1 {
			smsFlag = "disable_sms"
		}
		fmt.Fprintf(&b, `
resource "burki_phone_number_webhooks" "%s_%06d" {
  phone_number       = %q
  telephony_provider = %q
  voice_webhook_url  = "%s/v%d/%s-voice-webhook"
  %s        = true
}
`, number.Carrier, i+1, number.PhoneNumber, number.Carrier, sandbox.WebhookBaseURL, voiceVersion, number.Carrier, smsFlag)
	}
	return b.String()
}
