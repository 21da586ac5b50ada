package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// workspace is one Terraform working directory and the environment that
// points Terraform at the provider copy and the provider at the fakes.
type workspace struct {
	dir       string
	terraform string
	provider  string
	env       []string
	timeout   time.Duration
}

// newWorkspace creates dir with a CLI configuration whose dev_overrides load
// the provider from its folder, as scripts/demo.sh does, so Terraform needs
// no init and no registry.
func newWorkspace(dir, terraform, provider string, carrierEnv []string, timeout time.Duration) (*workspace, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	cliConfig := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "burki/burki" = %q
  }
  direct {}
}
`, filepath.Dir(provider))
	cliConfigPath := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(cliConfigPath, []byte(cliConfig), 0o644); err != nil {
		return nil, err
	}

	env := append(inheritedEnvironment(),
		"TF_CLI_CONFIG_FILE="+cliConfigPath,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
	)
	env = append(env, carrierEnv...)
	return &workspace{dir: dir, terraform: terraform, provider: provider, env: env, timeout: timeout}, nil
}

// inheritedEnvironment returns this process's environment without the
// variables that configure Terraform or the provider, so that a caller's
// TF_LOG, real credentials or Messaging Service never reach the benchmark.
func inheritedEnvironment() []string {
	var env []string
	for _, entry := range os.Environ() {
		name, _, _ := strings.Cut(entry, "=")
		if strings.HasPrefix(name, "TF_") || strings.HasPrefix(name, "TWILIO_") ||
			strings.HasPrefix(name, "TELNYX_") || strings.HasPrefix(name, "BURKI_") {
			continue
		}
		env = append(env, entry)
	}
	return env
}

func (w *workspace) writeConfig(config string) error {
	return os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(config), 0o644)
}

// commandResult is one finished Terraform command.
type commandResult struct {
	Wall     time.Duration
	ExitCode int
	Memory   memorySample
	// TerraformMaxRSSKiB is ru_maxrss from wait4: the largest peak resident
	// set size of Terraform and of the children it waited for.
	TerraformMaxRSSKiB int64
	// TerraformCPU is the user and system time from wait4 of Terraform and
	// the children it waited for, which include the provider processes.
	TerraformCPU time.Duration
}

// run runs Terraform with args in the workspace and writes its output to
// logPath. A non-zero exit code is returned in the result, not as an error.
// On timeout Terraform gets SIGINT, to stop as it does on Ctrl-C, and SIGKILL
// 30 seconds later.
func (w *workspace) run(ctx context.Context, logPath string, args ...string) (commandResult, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return commandResult{}, err
	}
	defer logFile.Close()
	fmt.Fprintf(logFile, "$ terraform %s\n", strings.Join(args, " "))

	ctx, cancel := context.WithTimeout(ctx, w.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, w.terraform, args...)
	cmd.Dir = w.dir
	cmd.Env = w.env
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 30 * time.Second

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return commandResult{}, fmt.Errorf("starting %s: %w", w.terraform, err)
	}
	sampler := startProviderSampler(cmd.Process.Pid, w.provider)
	waitErr := cmd.Wait()
	result := commandResult{Wall: time.Since(start), Memory: sampler.finish()}

	if usage, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		result.TerraformMaxRSSKiB = usage.Maxrss // KiB on Linux
		result.TerraformCPU = time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
	}
	result.ExitCode = cmd.ProcessState.ExitCode()

	var exitErr *exec.ExitError
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return result, fmt.Errorf("terraform %s timed out after %s: raise -timeout or measure fewer numbers", args[0], w.timeout)
	case ctx.Err() != nil:
		return result, fmt.Errorf("terraform %s: %w", args[0], ctx.Err())
	case waitErr != nil && !errors.As(waitErr, &exitErr):
		return result, fmt.Errorf("terraform %s: %w", args[0], waitErr)
	}
	return result, nil
}
