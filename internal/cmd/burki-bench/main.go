// Command burki-bench measures the provider at scale against the fake
// carriers. For each number of phone numbers it times create, refresh-only
// plan, no-change plan, update and destroy, counts the carrier requests per
// number by endpoint, and records the provider process's peak memory.
//
//	TERRAFORM=... PROVIDER_BINARY=... burki-bench [-sizes 100,500,1000] [-latency 25ms] [-out bench/out]
//
// It starts fake Twilio and Telnyx APIs in this process on 127.0.0.1 with a
// fixed latency per request and seeds them. It then writes a configuration
// with one burki_phone_number_webhooks resource per number and runs the real
// Terraform CLI against a copy of the provider binary through dev_overrides,
// as scripts/demo.sh does. Terraform keeps its default parallelism (10).
//
// It writes results.json, summary.md, time.svg and one Terraform log per
// operation to the output folder, and prints a table per size.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// maxSize bounds the numbers of one size, so that a typo in -sizes cannot
// start a run of hours. The seeded number ranges hold 999,999 per carrier.
const maxSize = 20000

type options struct {
	sizes     []int
	latency   time.Duration
	outDir    string
	timeout   time.Duration
	terraform string
	provider  string
	// extraEnv holds NAME=VALUE entries from -env, for diagnostics such as
	// TF_LOG or GODEBUG.
	extraEnv []string
}

func main() {
	opts, err := parseFlags(os.Args[1:])
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "burki-bench:", err)
		os.Exit(2)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if err := run(ctx, opts); err != nil {
		fmt.Fprintln(os.Stderr, "burki-bench:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (options, error) {
	flags := flag.NewFlagSet("burki-bench", flag.ContinueOnError)
	sizes := flags.String("sizes", "100,500,1000", "comma-separated numbers of phone numbers to measure, half on each carrier")
	latency := flags.Duration("latency", 25*time.Millisecond, "delay the fakes add to every request")
	outDir := flags.String("out", "bench/out", "folder for results.json, summary.md, time.svg and the Terraform logs")
	timeout := flags.Duration("timeout", 20*time.Minute, "maximum wall time of one Terraform command")
	terraform := flags.String("terraform", os.Getenv("TERRAFORM"), "Terraform CLI to run (default $TERRAFORM)")
	provider := flags.String("provider", os.Getenv("PROVIDER_BINARY"), "provider binary to measure (default $PROVIDER_BINARY)")
	var extraEnv []string
	flags.Func("env", "extra NAME=VALUE for Terraform and the provider, such as GODEBUG=gctrace=1; repeatable", func(entry string) error {
		if name, _, found := strings.Cut(entry, "="); !found || name == "" {
			return fmt.Errorf("%q is not NAME=VALUE", entry)
		}
		extraEnv = append(extraEnv, entry)
		return nil
	})
	if err := flags.Parse(args); err != nil {
		return options{}, err
	}
	if flags.NArg() > 0 {
		return options{}, fmt.Errorf("unexpected argument %q: every setting is a flag, see -help", flags.Arg(0))
	}

	opts := options{latency: *latency, outDir: *outDir, timeout: *timeout, extraEnv: extraEnv}
	var err error
	if opts.sizes, err = parseSizes(*sizes); err != nil {
		return options{}, err
	}
	if opts.latency < 0 {
		return options{}, fmt.Errorf("invalid -latency %s: must be zero or positive", opts.latency)
	}
	if opts.timeout <= 0 {
		return options{}, fmt.Errorf("invalid -timeout %s: must be positive", opts.timeout)
	}
	if opts.terraform, err = absoluteExecutable(*terraform, "-terraform", "TERRAFORM"); err != nil {
		return options{}, err
	}
	if opts.provider, err = absoluteExecutable(*provider, "-provider", "PROVIDER_BINARY"); err != nil {
		return options{}, err
	}
	return opts, nil
}

// parseSizes reads "100,500,1000". Each size needs at least one number per
// carrier, so 2 is the minimum.
func parseSizes(raw string) ([]int, error) {
	var sizes []int
	for _, field := range strings.Split(raw, ",") {
		field = strings.TrimSpace(field)
		n, err := strconv.Atoi(field)
		if err != nil || n < 2 || n > maxSize {
			return nil, fmt.Errorf("invalid size %q in -sizes: each must be a whole number from 2 to %d", field, maxSize)
		}
		sizes = append(sizes, n)
	}
	return sizes, nil
}

func absoluteExecutable(path, flagName, envName string) (string, error) {
	if path == "" {
		return "", fmt.Errorf("missing %s: set %s or pass %s (make bench sets both)", envName, envName, flagName)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	info, err := os.Stat(abs)
	if err != nil {
		return "", fmt.Errorf("%s %s: %w", envName, abs, err)
	}
	if info.IsDir() || info.Mode()&0o111 == 0 {
		return "", fmt.Errorf("%s %s is not an executable file", envName, abs)
	}
	return abs, nil
}

// run measures every size in turn and rewrites the outputs after each, so
// that the sizes finished so far survive a failure or an interrupt.
func run(ctx context.Context, opts options) error {
	if err := os.MkdirAll(filepath.Join(opts.outDir, "logs"), 0o755); err != nil {
		return err
	}
	workDir, err := os.MkdirTemp("", "burki-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(workDir)

	// A copy keeps the measured binary fixed while `make build` may replace
	// the original, and gives the memory sampler a path to match.
	provider, err := copyProvider(opts.provider, filepath.Join(workDir, "plugins"))
	if err != nil {
		return err
	}

	results := Results{
		Machine:  collectMachineInfo(ctx, opts.terraform, opts.provider, opts.latency),
		Settings: newSettings(opts),
	}
	fmt.Printf("Machine: %s\n", results.Machine.summary())

	var failed []string
	for _, n := range opts.sizes {
		if ctx.Err() != nil {
			break
		}
		fmt.Printf("\n==> %d numbers (%d Twilio, %d Telnyx)\n", n, n/2, n-n/2)
		result, err := benchSize(ctx, opts, workDir, provider, n)
		if err != nil {
			return err
		}
		results.Runs = append(results.Runs, result)
		printRun(os.Stdout, result, opts.latency)
		if len(result.Problems) > 0 {
			failed = append(failed, strconv.Itoa(n))
		}
		if err := writeOutputs(opts.outDir, results); err != nil {
			return err
		}
	}

	fmt.Printf("\nWrote %s, %s and %s.\n",
		filepath.Join(opts.outDir, "results.json"), filepath.Join(opts.outDir, "summary.md"), filepath.Join(opts.outDir, "time.svg"))
	if ctx.Err() != nil {
		return errors.New("interrupted: the outputs hold what was measured before the interrupt")
	}
	if len(failed) > 0 {
		return fmt.Errorf("problems found at %s numbers: see the PROBLEMS lines above and the logs in %s",
			strings.Join(failed, ", "), filepath.Join(opts.outDir, "logs"))
	}
	return nil
}

func copyProvider(src, dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return "", fmt.Errorf("reading the provider binary: %w", err)
	}
	// dev_overrides looks for the binary by the provider's type name.
	dst := filepath.Join(dir, "terraform-provider-burki")
	if err := os.WriteFile(dst, data, 0o755); err != nil {
		return "", fmt.Errorf("copying the provider binary: %w", err)
	}
	return dst, nil
}

func writeOutputs(outDir string, results Results) error {
	if err := writeJSON(filepath.Join(outDir, "results.json"), results); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(outDir, "summary.md"), []byte(markdownSummary(results)), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(outDir, "time.svg"), []byte(timeChart(results)), 0o644)
}
