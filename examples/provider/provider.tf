terraform {
  required_providers {
    burki = {
      source = "burki/burki"
    }
  }
}

# Credentials come from the environment: TWILIO_ACCOUNT_SID and
# TWILIO_AUTH_TOKEN for Twilio, TELNYX_API_KEY for Telnyx. Configure one
# carrier or both.
provider "burki" {
  webhook_base_url = "https://voice.example.com"

  twilio {
    # The Messaging Service that Twilio numbers join when enable_sms is true.
    messaging_service_sid = "MG00000000000000000000000000000001"
  }

  telnyx {
    # Countries that each number's own messaging profile may send SMS to.
    sms_whitelisted_destinations = ["US", "CA"]
  }
}
