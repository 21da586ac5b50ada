package main

import (
	"net/http"
	"slices"
	"strings"
)

// loggedRequest is one entry of a fake's request log, reduced to what the
// benchmark counts.
type loggedRequest struct {
	Method string
	Path   string
	Status int // 0 when the client went away before the response
}

// pathTemplates are the endpoints that the fakes serve, with the parameter
// names of the carriers' API references: Twilio's OpenAPI description and
// Telnyx's API v2 paths.
var pathTemplates = map[string][]string{
	"twilio": {
		"/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json",
		"/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json",
		"/v1/Services/{Sid}",
		"/v1/Services/{ServiceSid}/PhoneNumbers",
		"/v1/Services/{ServiceSid}/PhoneNumbers/{Sid}",
	},
	"telnyx": {
		"/v2/phone_numbers",
		"/v2/phone_numbers/{id}",
		"/v2/phone_numbers/{id}/messaging",
		"/v2/call_control_applications",
		"/v2/call_control_applications/{id}",
		"/v2/messaging_profiles",
		"/v2/messaging_profiles/{id}",
		"/v2/messaging_profiles/{id}/phone_numbers",
	},
}

// endpointOf returns "METHOD template" for a request, such as
// "GET /v2/phone_numbers/{id}". A path that matches no template is kept as it
// is, so an unexpected endpoint still shows in the counts.
func endpointOf(carrierName, method, path string) string {
	for _, template := range pathTemplates[carrierName] {
		if matchTemplate(template, path) {
			return method + " " + template
		}
	}
	return method + " " + path
}

// matchTemplate reports whether path fits template segment by segment. A
// template segment "{name}" matches any non-empty segment, and "{name}.json"
// any segment with that suffix and something before it.
func matchTemplate(template, path string) bool {
	want := strings.Split(template, "/")
	got := strings.Split(path, "/")
	if len(want) != len(got) {
		return false
	}
	for i := range want {
		if !strings.HasPrefix(want[i], "{") {
			if want[i] != got[i] {
				return false
			}
			continue
		}
		closing := strings.IndexByte(want[i], '}')
		if closing < 0 {
			return false
		}
		suffix := want[i][closing+1:]
		if len(got[i]) <= len(suffix) || !strings.HasSuffix(got[i], suffix) {
			return false
		}
	}
	return true
}

func isWrite(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}

// countRequests groups one carrier's requests by endpoint and divides the
// counts by that carrier's numbers. Endpoints are sorted by template, then
// with GET before writes.
func countRequests(carrierName string, numbers int, requests []loggedRequest) CarrierRequests {
	counts := CarrierRequests{Carrier: carrierName, Numbers: numbers}
	byEndpoint := map[string]int{}
	for _, r := range requests {
		counts.Requests++
		if isWrite(r.Method) {
			counts.Writes++
		}
		if r.Status < 200 || r.Status > 299 {
			counts.Failed++
		}
		byEndpoint[endpointOf(carrierName, r.Method, r.Path)]++
	}

	for endpoint, n := range byEndpoint {
		counts.Endpoints = append(counts.Endpoints, EndpointCount{Endpoint: endpoint, Requests: n, PerNumber: perNumber(n, numbers)})
	}
	slices.SortFunc(counts.Endpoints, func(a, b EndpointCount) int { return compareEndpoints(a.Endpoint, b.Endpoint) })
	counts.RequestsPerNumber = perNumber(counts.Requests, numbers)
	counts.WritesPerNumber = perNumber(counts.Writes, numbers)
	return counts
}

// compareEndpoints orders "METHOD /path" keys by path, then by method with
// GET first, so that reads and writes of one resource sit together.
func compareEndpoints(a, b string) int {
	methodA, pathA, _ := strings.Cut(a, " ")
	methodB, pathB, _ := strings.Cut(b, " ")
	if c := strings.Compare(pathA, pathB); c != 0 {
		return c
	}
	rank := func(method string) int {
		return slices.Index([]string{"GET", "POST", "PUT", "PATCH", "DELETE"}, method)
	}
	if c := rank(methodA) - rank(methodB); c != 0 {
		return c
	}
	return strings.Compare(methodA, methodB)
}

func perNumber(count, numbers int) float64 {
	if numbers == 0 {
		return 0
	}
	return float64(count) / float64(numbers)
}
