package main

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"strings"
	"time"
)

// sampleInterval is how often the sampler scans /proc. VmHWM only grows, so
// a process's peak is missed only by what it gains in its last interval.
const sampleInterval = 50 * time.Millisecond

// memorySample is the result of sampling one Terraform command.
type memorySample struct {
	// PeakKiB is the largest VmHWM (peak resident set size) read from any
	// provider process, in KiB. It is the peak of one process, not a sum.
	PeakKiB int64
	// Processes counts the provider processes seen. Terraform starts the
	// provider more than once per command, for example for the plan and the
	// apply of `terraform apply`.
	Processes int
	// CPU is the user and system time of the provider processes, summed. It
	// misses what each process used after the last reading.
	CPU time.Duration
}

// providerSampler polls /proc for the provider processes that Terraform
// starts. A process counts when its parent is the Terraform process and its
// executable is the provider binary, so a provider that another program runs
// from the same path is never measured.
type providerSampler struct {
	parentPID int
	exe       string
	peaks     map[int]int64 // VmHWM in KiB by process id
	cpu       map[int]time.Duration
	stop      chan struct{}
	done      chan struct{}
}

func startProviderSampler(parentPID int, exe string) *providerSampler {
	s := &providerSampler{
		parentPID: parentPID,
		exe:       exe,
		peaks:     map[int]int64{},
		cpu:       map[int]time.Duration{},
		stop:      make(chan struct{}),
		done:      make(chan struct{}),
	}
	go s.loop()
	return s
}

func (s *providerSampler) loop() {
	defer close(s.done)
	ticker := time.NewTicker(sampleInterval)
	defer ticker.Stop()
	for {
		s.scan()
		select {
		case <-s.stop:
			return
		case <-ticker.C:
		}
	}
}

// finish stops the sampler and returns the peaks it read. Call it after
// Terraform has exited.
func (s *providerSampler) finish() memorySample {
	close(s.stop)
	<-s.done
	sample := memorySample{Processes: len(s.peaks)}
	for _, peak := range s.peaks {
		sample.PeakKiB = max(sample.PeakKiB, peak)
	}
	for _, cpu := range s.cpu {
		sample.CPU += cpu
	}
	return sample
}

func (s *providerSampler) scan() {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	for _, entry := range entries {
		pid, err := strconv.Atoi(entry.Name())
		if err != nil {
			continue
		}
		stat, ok := readStat(pid)
		if !ok || stat.parent != s.parentPID || !s.isProvider(pid) {
			continue
		}
		s.cpu[pid] = max(s.cpu[pid], stat.cpu)
		// A process that exits between the checks and this read is kept at
		// its last reading.
		if peak, ok := readVmHWM(pid); ok {
			s.peaks[pid] = max(s.peaks[pid], peak)
		}
	}
}

func (s *providerSampler) isProvider(pid int) bool {
	exe, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/exe")
	if err != nil {
		return false
	}
	return strings.TrimSuffix(exe, " (deleted)") == s.exe
}

// processStat holds the fields of /proc/PID/stat that the sampler uses.
type processStat struct {
	parent int
	cpu    time.Duration // utime + stime
}

// readStat reads /proc/PID/stat. The command name in brackets may contain
// spaces, so fields are counted after the last ')': the state is the first,
// the parent id the second, and utime and stime the 12th and 13th.
func readStat(pid int) (processStat, bool) {
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return processStat{}, false
	}
	end := bytes.LastIndexByte(raw, ')')
	if end < 0 {
		return processStat{}, false
	}
	fields := strings.Fields(string(raw[end+1:]))
	if len(fields) < 13 {
		return processStat{}, false
	}
	parent, err1 := strconv.Atoi(fields[1])
	utime, err2 := strconv.ParseInt(fields[11], 10, 64)
	stime, err3 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return processStat{}, false
	}
	return processStat{parent: parent, cpu: ticksToDuration(utime + stime)}, true
}

// ticksToDuration converts clock ticks of /proc to a duration.
// NOTE: assumes USER_HZ is 100, the value on every mainstream Linux
// architecture. Go's standard library cannot read sysconf(_SC_CLK_TCK).
func ticksToDuration(ticks int64) time.Duration {
	return time.Duration(ticks) * 10 * time.Millisecond
}

// readVmHWM returns the VmHWM line of /proc/PID/status in KiB. A zombie has
// no such line.
func readVmHWM(pid int) (int64, bool) {
	status, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, false
	}
	scanner := bufio.NewScanner(bytes.NewReader(status))
	for scanner.Scan() {
		value, found := strings.CutPrefix(scanner.Text(), "VmHWM:")
		if !found {
			continue
		}
		fields := strings.Fields(value) // "12345 kB"
		if len(fields) == 0 {
			return 0, false
		}
		kib, err := strconv.ParseInt(fields[0], 10, 64)
		return kib, err == nil
	}
	return 0, false
}
