package main

import (
	"bufio"
	"bytes"
	"context"
	"debug/buildinfo"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Machine describes where and with what the figures were measured, so that
// runs can be compared. An empty field could not be read.
type Machine struct {
	Date              string  `json:"date"`
	CPUs              int     `json:"nproc"`
	CPUModel          string  `json:"cpu_model"`
	MemoryMiB         int64   `json:"memory_mib"`
	Kernel            string  `json:"kernel"`
	GoVersion         string  `json:"go_version"`
	ProviderGoVersion string  `json:"provider_go_version"`
	TerraformVersion  string  `json:"terraform_version"`
	GitCommit         string  `json:"git_commit"`
	LatencyMS         float64 `json:"latency_ms"`
}

func collectMachineInfo(ctx context.Context, terraform, provider string, latency time.Duration) Machine {
	m := Machine{
		Date:             time.Now().UTC().Format(time.RFC3339),
		CPUs:             runtime.NumCPU(),
		CPUModel:         cpuModel(),
		MemoryMiB:        memTotalKiB() / 1024,
		Kernel:           strings.TrimSpace(readFileString("/proc/sys/kernel/osrelease")),
		GoVersion:        runtime.Version(),
		TerraformVersion: terraformVersion(ctx, terraform),
		GitCommit:        gitCommit(ctx),
		LatencyMS:        float64(latency) / float64(time.Millisecond),
	}
	if info, err := buildinfo.ReadFile(provider); err == nil {
		m.ProviderGoVersion = info.GoVersion
	}
	return m
}

func (m Machine) summary() string {
	return fmt.Sprintf("%d CPUs (%s), %d MiB memory, Linux %s, %s, Terraform %s, commit %s, %s",
		m.CPUs, m.CPUModel, m.MemoryMiB, m.Kernel, m.GoVersion, m.TerraformVersion, m.GitCommit, m.Date)
}

func readFileString(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return string(data)
}

// cpuModel returns the first "model name" of /proc/cpuinfo.
func cpuModel() string {
	scanner := bufio.NewScanner(strings.NewReader(readFileString("/proc/cpuinfo")))
	for scanner.Scan() {
		key, value, found := strings.Cut(scanner.Text(), ":")
		if found && strings.TrimSpace(key) == "model name" {
			return strings.TrimSpace(value)
		}
	}
	return ""
}

// memTotalKiB returns MemTotal of /proc/meminfo, or 0.
func memTotalKiB() int64 {
	scanner := bufio.NewScanner(strings.NewReader(readFileString("/proc/meminfo")))
	for scanner.Scan() {
		value, found := strings.CutPrefix(scanner.Text(), "MemTotal:")
		if !found {
			continue
		}
		fields := strings.Fields(value)
		if len(fields) == 0 {
			return 0
		}
		kib, _ := strconv.ParseInt(fields[0], 10, 64)
		return kib
	}
	return 0
}

func terraformVersion(ctx context.Context, terraform string) string {
	cmd := exec.CommandContext(ctx, terraform, "version", "-json")
	cmd.Env = append(inheritedEnvironment(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	var version struct {
		TerraformVersion string `json:"terraform_version"`
	}
	if json.Unmarshal(out, &version) != nil {
		return ""
	}
	return version.TerraformVersion
}

// gitCommit returns the short commit of the working tree, with "-dirty" when
// it has changes, or "" outside a Git checkout.
func gitCommit(ctx context.Context) string {
	out, err := exec.CommandContext(ctx, "git", "describe", "--always", "--dirty").Output()
	if err != nil {
		return ""
	}
	return string(bytes.TrimSpace(out))
}
