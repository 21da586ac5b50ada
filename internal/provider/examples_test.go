package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// devOverridesWarning is the warning Terraform prints whenever dev_overrides
// are in effect. Every other diagnostic fails the example.
const devOverridesWarning = "Provider development overrides are in effect"

// exampleVersionsFile gives an example without its own required_providers
// block the provider's source address, which dev_overrides match.
const exampleVersionsFile = `terraform {
  required_providers {
    burki = {
      source = "burki/burki"
    }
  }
}
`

// validateOutput is the part of `terraform validate -json` the test reads.
type validateOutput struct {
	Valid       bool `json:"valid"`
	Diagnostics []struct {
		Severity string `json:"severity"`
		Summary  string `json:"summary"`
		Detail   string `json:"detail"`
	} `json:"diagnostics"`
}

// TestAccExamplesValid runs `terraform validate` and `terraform fmt -check` on
// every folder under examples/ that holds .tf files, against a provider
// binary built from this source tree, and `bash -n` on every shell example.
// It needs no terraform init: Terraform loads a dev-overridden provider
// straight from its folder.
func TestAccExamplesValid(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 to run the examples through Terraform (make test does)")
	}
	terraform := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if terraform == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set: point it at the pinned Terraform CLI (make test does)")
	}
	t.Parallel()

	root := repositoryRoot(t)
	examples := filepath.Join(root, "examples")
	cliConfig := writeDevOverrides(t, buildProviderBinary(t, root))

	tfDirs, shellFiles := findExamples(t, examples)
	if len(tfDirs) == 0 {
		t.Fatalf("no .tf files found under %s", examples)
	}

	for _, dir := range tfDirs {
		name, _ := filepath.Rel(examples, dir)
		t.Run(filepath.ToSlash(name), func(t *testing.T) {
			t.Parallel()
			validateExample(t, terraform, cliConfig, dir)
		})
	}
	for _, file := range shellFiles {
		name, _ := filepath.Rel(examples, file)
		t.Run(filepath.ToSlash(name), func(t *testing.T) {
			t.Parallel()
			out, err := exec.Command("bash", "-n", file).CombinedOutput()
			if err != nil {
				t.Errorf("bash -n %s failed: %v\n%s", file, err, out)
			}
		})
	}
}

// repositoryRoot returns the folder of the module's go.mod, two levels above
// the package folder that go test runs in.
func repositoryRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("the repository root %s has no go.mod: %v", root, err)
	}
	return root
}

// buildProviderBinary builds the provider into a temporary folder and returns
// that folder.
func buildProviderBinary(t *testing.T, root string) string {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-burki"), ".")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the provider failed: %v\n%s", err, out)
	}
	return dir
}

// writeDevOverrides writes a Terraform CLI configuration that loads
// burki/burki from binaryDir, and returns its path.
func writeDevOverrides(t *testing.T, binaryDir string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "terraformrc")
	config := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "burki/burki" = %q
  }
  direct {}
}
`, binaryDir)
	if err := os.WriteFile(path, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// findExamples returns the folders that hold .tf files and the .sh files.
func findExamples(t *testing.T, examples string) (tfDirs, shellFiles []string) {
	t.Helper()
	seen := map[string]bool{}
	err := filepath.WalkDir(examples, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		// Hidden folders, such as a .terraform left by a manual run, are
		// not examples.
		if d.IsDir() && path != examples && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		switch filepath.Ext(path) {
		case ".tf":
			if dir := filepath.Dir(path); !seen[dir] {
				seen[dir] = true
				tfDirs = append(tfDirs, dir)
			}
		case ".sh":
			shellFiles = append(shellFiles, path)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("listing the examples: %v", err)
	}
	return tfDirs, shellFiles
}

// validateExample copies the .tf files of dir into a temporary folder, so no
// .terraform folder or lock file lands in the repository, and validates them.
func validateExample(t *testing.T, terraform, cliConfig, dir string) {
	t.Helper()
	work := t.TempDir()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	declaresProvider := false
	for _, entry := range entries {
		if entry.IsDir() || filepath.Ext(entry.Name()) != ".tf" {
			continue
		}
		content, err := os.ReadFile(filepath.Join(dir, entry.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(content, []byte("required_providers")) {
			declaresProvider = true
		}
		if err := os.WriteFile(filepath.Join(work, entry.Name()), content, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if !declaresProvider {
		if err := os.WriteFile(filepath.Join(work, "versions_test_only.tf"), []byte(exampleVersionsFile), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	env := append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
	)

	fmtCmd := exec.Command(terraform, "fmt", "-check", "-diff", "-no-color")
	fmtCmd.Dir = dir
	fmtCmd.Env = env
	if out, err := fmtCmd.CombinedOutput(); err != nil {
		t.Errorf("terraform fmt -check found unformatted files in %s (run terraform fmt there): %v\n%s", dir, err, out)
	}

	validate := exec.Command(terraform, "validate", "-json", "-no-color")
	validate.Dir = work
	validate.Env = env
	var stderr bytes.Buffer
	validate.Stderr = &stderr
	out, err := validate.Output()

	var result validateOutput
	if jsonErr := json.Unmarshal(out, &result); jsonErr != nil {
		t.Fatalf("terraform validate in a copy of %s printed no JSON (exit error: %v): %v\nstdout:\n%s\nstderr:\n%s", dir, err, jsonErr, out, stderr.String())
	}
	if !result.Valid || err != nil {
		t.Errorf("terraform validate rejected %s (exit error: %v)", dir, err)
	}
	for _, d := range result.Diagnostics {
		if d.Severity == "warning" && d.Summary == devOverridesWarning {
			continue
		}
		t.Errorf("%s: %s: %s\n%s", dir, d.Severity, d.Summary, d.Detail)
	}
}
