package main

import (
	"encoding/xml"
	"errors"
	"io"
	"math"
	"strings"
	"testing"
)

func TestEndpointOfTemplates(t *testing.T) {
	cases := []struct {
		carrier, method, path, want string
	}{
		{"twilio", "GET", "/2010-04-01/Accounts/AC1/IncomingPhoneNumbers.json",
			"GET /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json"},
		{"twilio", "POST", "/2010-04-01/Accounts/AC1/IncomingPhoneNumbers/PN2.json",
			"POST /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json"},
		{"twilio", "DELETE", "/v1/Services/MG1/PhoneNumbers/PN2",
			"DELETE /v1/Services/{ServiceSid}/PhoneNumbers/{Sid}"},
		{"telnyx", "GET", "/v2/phone_numbers", "GET /v2/phone_numbers"},
		{"telnyx", "PATCH", "/v2/phone_numbers/123/messaging", "PATCH /v2/phone_numbers/{id}/messaging"},
		{"telnyx", "GET", "/v2/messaging_profiles/abc-def", "GET /v2/messaging_profiles/{id}"},
		// Unknown paths are kept as they are.
		{"telnyx", "GET", "/v2/porting_orders/1", "GET /v2/porting_orders/1"},
		// ".json" alone is no SID.
		{"twilio", "GET", "/2010-04-01/Accounts/AC1/IncomingPhoneNumbers/.json",
			"GET /2010-04-01/Accounts/AC1/IncomingPhoneNumbers/.json"},
	}
	for _, c := range cases {
		if got := endpointOf(c.carrier, c.method, c.path); got != c.want {
			t.Errorf("endpointOf(%q, %q, %q) = %q, want %q", c.carrier, c.method, c.path, got, c.want)
		}
	}
}

func TestCountRequestsPerNumber(t *testing.T) {
	requests := []loggedRequest{
		{Method: "GET", Path: "/v2/phone_numbers/1", Status: 200},
		{Method: "GET", Path: "/v2/phone_numbers/2", Status: 200},
		{Method: "PATCH", Path: "/v2/phone_numbers/1", Status: 200},
		{Method: "DELETE", Path: "/v2/messaging_profiles/p", Status: 404},
	}
	counts := countRequests("telnyx", 2, requests)

	if counts.Requests != 4 {
		t.Errorf("Requests = %d, want 4", counts.Requests)
	}
	if counts.Writes != 2 {
		t.Errorf("Writes = %d, want 2", counts.Writes)
	}
	if counts.Failed != 1 {
		t.Errorf("Failed = %d, want 1", counts.Failed)
	}
	if counts.RequestsPerNumber != 2 {
		t.Errorf("RequestsPerNumber = %g, want 2", counts.RequestsPerNumber)
	}
	want := []EndpointCount{
		{Endpoint: "DELETE /v2/messaging_profiles/{id}", Requests: 1, PerNumber: 0.5},
		{Endpoint: "GET /v2/phone_numbers/{id}", Requests: 2, PerNumber: 1},
		{Endpoint: "PATCH /v2/phone_numbers/{id}", Requests: 1, PerNumber: 0.5},
	}
	if len(counts.Endpoints) != len(want) {
		t.Fatalf("Endpoints = %+v, want %+v", counts.Endpoints, want)
	}
	for i := range want {
		if counts.Endpoints[i] != want[i] {
			t.Errorf("Endpoints[%d] = %+v, want %+v", i, counts.Endpoints[i], want[i])
		}
	}
}

func TestNiceScale(t *testing.T) {
	cases := []struct {
		max, step, top float64
	}{
		{1000, 200, 1000},
		{95.3, 20, 100},
		{0.7, 0.2, 0.8},
		{0, 0.2, 1},
		{12, 2, 12},
	}
	for _, c := range cases {
		step, top := niceScale(c.max, 6)
		if math.Abs(step-c.step) > 1e-9 || math.Abs(top-c.top) > 1e-9 {
			t.Errorf("niceScale(%g, 6) = %g, %g, want %g, %g", c.max, step, top, c.step, c.top)
		}
	}
}

func TestTimeChartIsWellFormedSVG(t *testing.T) {
	results := Results{
		Machine:  Machine{CPUs: 2, CPUModel: "CPU <&> model", Date: "2026-01-01T00:00:00Z"},
		Settings: Settings{LatencyMS: 25},
	}
	for _, n := range []int{100, 500} {
		results.Runs = append(results.Runs, SizeResult{Numbers: n, Operations: []OperationResult{
			{Name: "create", Command: "apply", WallSeconds: float64(n) / 50},
			{Name: "refresh", Command: "plan -refresh-only", WallSeconds: float64(n) / 100},
		}})
	}
	svg := timeChart(results)

	decoder := xml.NewDecoder(strings.NewReader(svg))
	for {
		_, err := decoder.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("time.svg is not well-formed XML: %v\n%s", err, svg)
		}
	}
	if got := strings.Count(svg, "<polyline"); got != 2 {
		t.Errorf("time.svg has %d lines, want one per operation (2)", got)
	}
	if !strings.Contains(svg, "refresh (plan -refresh-only)") {
		t.Errorf("time.svg has no legend entry for refresh")
	}
}

func TestConfigurationAlternatesSMS(t *testing.T) {
	numbers := []seededNumber{
		{Carrier: "twilio", PhoneNumber: "+15551000001"},
		{Carrier: "twilio", PhoneNumber: "+15551000002"},
		{Carrier: "telnyx", PhoneNumber: "+15552000001"},
	}
	config := configuration(numbers, 2)

	for _, want := range []string{
		`resource "burki_phone_number_webhooks" "twilio_000001"`,
		`resource "burki_phone_number_webhooks" "telnyx_000001"`,
		`telephony_provider = "telnyx"`,
		`voice_webhook_url  = "https://voice.example.com/v2/twilio-voice-webhook"`,
	} {
		if !strings.Contains(config, want) {
			t.Errorf("configuration lacks %s:\n%s", want, config)
		}
	}
	if got := strings.Count(config, "enable_sms "); got != 2 {
		t.Errorf("configuration has enable_sms %d times, want 2 (first number of each carrier)", got)
	}
	if got := strings.Count(config, "disable_sms"); got != 1 {
		t.Errorf("configuration has disable_sms %d times, want 1", got)
	}
}

func TestParseSizesRejectsOutOfRange(t *testing.T) {
	if sizes, err := parseSizes("100, 500,1000"); err != nil || len(sizes) != 3 || sizes[1] != 500 {
		t.Errorf("parseSizes(valid) = %v, %v", sizes, err)
	}
	for _, raw := range []string{"1", "0", "-5", "abc", "100,", "20001"} {
		if _, err := parseSizes(raw); err == nil {
			t.Errorf("parseSizes(%q) returned no error", raw)
		}
	}
}
