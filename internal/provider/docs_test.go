package provider

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// These tests catch documentation gaps without running tfplugindocs. That
// the committed docs/ match the generated pages is checked by `make
// docs-check`, which needs the tfplugindocs module and so is not run here.

// providerSchemas returns the schemas as Terraform receives them.
func providerSchemas(t *testing.T) *tfprotov6.GetProviderSchemaResponse {
	t.Helper()
	server := providerserver.NewProtocol6(New("test")())()
	resp, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("GetProviderSchema: %s: %s", d.Summary, d.Detail)
	}
	return resp
}

// docPaths lists the files that document one resource or data source.
type docPaths struct {
	kind     string // "resources" or "data-sources"
	typeName string // such as burki_phone_number_webhooks
	examples []string
}

func (p docPaths) shortName() string {
	return strings.TrimPrefix(p.typeName, "burki_")
}

func (p docPaths) files() []string {
	files := []string{
		filepath.Join("templates", p.kind, p.shortName()+".md.tmpl"),
		filepath.Join("docs", p.kind, p.shortName()+".md"),
	}
	for _, example := range p.examples {
		files = append(files, filepath.Join("examples", p.kind, p.typeName, example))
	}
	return files
}

func TestDocsCoverEveryType(t *testing.T) {
	root := repositoryRoot(t)
	schemas := providerSchemas(t)

	var types []docPaths
	for name := range schemas.ResourceSchemas {
		types = append(types, docPaths{kind: "resources", typeName: name,
			examples: []string{"resource.tf", "import.sh", "import-by-string-id.tf"}})
	}
	for name := range schemas.DataSourceSchemas {
		types = append(types, docPaths{kind: "data-sources", typeName: name, examples: []string{"data-source.tf"}})
	}
	if len(types) == 0 {
		t.Fatal("the provider has no resources or data sources")
	}

	for _, p := range types {
		for _, file := range p.files() {
			if _, err := os.Stat(filepath.Join(root, file)); err != nil {
				t.Errorf("%s %s: missing %s (run make docs after adding the template and examples)", p.kind, p.typeName, file)
			}
		}
	}

	for _, file := range []string{"templates/index.md.tmpl", "docs/index.md", "examples/provider/provider.tf"} {
		if _, err := os.Stat(filepath.Join(root, file)); err != nil {
			t.Errorf("provider: missing %s", file)
		}
	}
}

func TestDocsHaveNoStalePages(t *testing.T) {
	root := repositoryRoot(t)
	schemas := providerSchemas(t)
	known := map[string]bool{}
	for name := range schemas.ResourceSchemas {
		known[filepath.Join("resources", strings.TrimPrefix(name, "burki_")+".md")] = true
	}
	for name := range schemas.DataSourceSchemas {
		known[filepath.Join("data-sources", strings.TrimPrefix(name, "burki_")+".md")] = true
	}

	for _, kind := range []string{"resources", "data-sources"} {
		pages, _ := filepath.Glob(filepath.Join(root, "docs", kind, "*.md"))
		for _, page := range pages {
			rel, _ := filepath.Rel(filepath.Join(root, "docs"), page)
			if !known[rel] {
				t.Errorf("docs/%s documents a type the provider does not have. Delete it.", filepath.ToSlash(rel))
			}
		}
	}
}

// TestSchemaAttributesDescribed fails for an attribute without a description,
// which would appear in the docs as a bare name and type.
func TestSchemaAttributesDescribed(t *testing.T) {
	schemas := providerSchemas(t)

	var missing []string
	missing = append(missing, undescribed("provider", schemas.Provider.Block)...)
	for name, schema := range schemas.ResourceSchemas {
		missing = append(missing, undescribed("resource "+name, schema.Block)...)
	}
	for name, schema := range schemas.DataSourceSchemas {
		missing = append(missing, undescribed("data source "+name, schema.Block)...)
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("%s has no description", m)
	}
}

// undescribed lists the attributes of block and of its nested blocks that
// have an empty description.
func undescribed(prefix string, block *tfprotov6.SchemaBlock) []string {
	var missing []string
	for _, attribute := range block.Attributes {
		if strings.TrimSpace(attribute.Description) == "" {
			missing = append(missing, prefix+": "+attribute.Name)
		}
	}
	for _, nested := range block.BlockTypes {
		missing = append(missing, undescribed(prefix+": "+nested.TypeName, nested.Block)...)
	}
	return missing
}
