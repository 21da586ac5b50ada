package twiliofake

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// pathRouter finds the operation of an OpenAPI document for a request by
// method and path alone.
//
// Twilio's documents declare servers (https://api.twilio.com and
// https://messaging.twilio.com) on the document, on every path item and on
// every operation. kin-openapi's routers only match requests for those
// hosts, so they never match a request sent to the fake. This router ignores
// servers at all three levels instead of rewriting them.
type pathRouter struct {
	doc    *openapi3.T
	routes []pathRoute
}

type pathRoute struct {
	template string
	pattern  *regexp.Regexp
	names    []string // path parameter names, in pattern group order
	item     *openapi3.PathItem
}

func newPathRouter(doc *openapi3.T) (*pathRouter, error) {
	router := &pathRouter{doc: doc}
	// InMatchingOrder lists templates with literal segments before templates
	// with parameters in the same place, so /v1/Services/Usecases wins over
	// /v1/Services/{Sid}.
	for _, template := range doc.Paths.InMatchingOrder() {
		pattern, names, err := compilePathTemplate(template)
		if err != nil {
			return nil, err
		}
		router.routes = append(router.routes, pathRoute{
			template: template,
			pattern:  pattern,
			names:    names,
			item:     doc.Paths.Value(template),
		})
	}
	return router, nil
}

// compilePathTemplate turns a path template such as
// /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json into an
// anchored regular expression in which each parameter matches one or more
// characters other than '/'.
func compilePathTemplate(template string) (*regexp.Regexp, []string, error) {
	var expression strings.Builder
	var names []string
	expression.WriteString("^")
	rest := template
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			expression.WriteString(regexp.QuoteMeta(rest))
			break
		}
		length := strings.IndexByte(rest[open:], '}')
		if length < 0 {
			return nil, nil, fmt.Errorf("path template %q has an unclosed '{'", template)
		}
		expression.WriteString(regexp.QuoteMeta(rest[:open]))
		expression.WriteString("([^/]+)")
		names = append(names, rest[open+1:open+length])
		rest = rest[open+length+1:]
	}
	expression.WriteString("$")
	pattern, err := regexp.Compile(expression.String())
	if err != nil {
		return nil, nil, fmt.Errorf("path template %q: %w", template, err)
	}
	return pattern, names, nil
}

// FindRoute returns the operation for the request's method and path, with
// the path parameters. It returns routers.ErrMethodNotAllowed when a path
// matches but has no operation for the method, and routers.ErrPathNotFound
// when no path matches.
func (r *pathRouter) FindRoute(req *http.Request) (*routers.Route, map[string]string, error) {
	pathMatched := false
	for _, route := range r.routes {
		values := route.pattern.FindStringSubmatch(req.URL.Path)
		if values == nil {
			continue
		}
		pathMatched = true
		operation := route.item.GetOperation(req.Method)
		if operation == nil {
			continue
		}
		params := make(map[string]string, len(route.names))
		for i, name := range route.names {
			params[name] = values[i+1]
		}
		return &routers.Route{
			Spec:      r.doc,
			Path:      route.template,
			PathItem:  route.item,
			Method:    req.Method,
			Operation: operation,
		}, params, nil
	}
	if pathMatched {
		return nil, nil, routers.ErrMethodNotAllowed
	}
	return nil, nil, routers.ErrPathNotFound
}
