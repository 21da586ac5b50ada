// Command burki-sandbox runs fake Twilio and Telnyx accounts on 127.0.0.1,
// seeded with numbers, so the provider can be tried without real accounts.
//
//	burki-sandbox serve [-addr 127.0.0.1:0] [-telnyx-addr 127.0.0.1:0] [-env-file FILE] [-provider-dir DIR]
//	burki-sandbox show
//	burki-sandbox set-voice-url PHONE URL
//	burki-sandbox check-restored
//
// serve prints the environment variables that point the provider at the
// fakes. The other commands read those variables and talk to the running
// fakes through the carriers' own APIs, as any client would.
package main

import (
	"fmt"
	"os"
)

const usage = `usage:
  burki-sandbox serve [-addr 127.0.0.1:0] [-telnyx-addr 127.0.0.1:0] [-env-file FILE] [-provider-dir DIR]
      start the fake carriers, seed them, print the environment, run until interrupted;
      with -provider-dir, the environment also makes Terraform load the provider built there
  burki-sandbox show
      print what the fake carriers hold for each sandbox number
  burki-sandbox set-voice-url PHONE URL
      change a Twilio number's voice webhook behind Terraform's back
  burki-sandbox check-restored
      exit 1 unless every sandbox number holds its seeded webhooks again
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}

	var err error
	switch os.Args[1] {
	case "serve":
		err = serve(os.Args[2:])
	case "show":
		err = show()
	case "set-voice-url":
		if len(os.Args) != 4 {
			fmt.Fprint(os.Stderr, usage)
			os.Exit(2)
		}
		err = setVoiceURL(os.Args[2], os.Args[3])
	case "check-restored":
		err = checkRestored()
	default:
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}

	if err != nil {
		fmt.Fprintln(os.Stderr, "burki-sandbox:", err)
		os.Exit(1)
	}
}
