# The configuration `make demo` applies to the local sandbox. The provider
# block is empty: credentials and URLs come from the environment that
# `burki-sandbox serve` prints.
terraform {
  required_providers {
    burki = {
      source = "burki/burki"
    }
  }
}

provider "burki" {}

# Voice moves to the voice platform; SMS is forwarded to it too, and the
# number joins the default Messaging Service.
resource "burki_phone_number_webhooks" "support" {
  phone_number      = "+15550100001"
  voice_webhook_url = "https://voice.example.com/twilio-voice-webhook"
  enable_sms        = true
}

# Already in the Messaging Service: SMS is switched off during maintenance.
resource "burki_phone_number_webhooks" "sales" {
  phone_number      = "+15550100002"
  voice_webhook_url = "https://voice.example.com/twilio-voice-webhook"
  disable_sms       = true
}

# Calls to this number go to a TwiML application, so Twilio ignores the
# voice URL: apply writes it and warns.
resource "burki_phone_number_webhooks" "front_desk" {
  phone_number      = "+15550100003"
  voice_webhook_url = "https://voice.example.com/twilio-voice-webhook"
}


# A Telnyx number that shares its SIP connection and messaging profile with
# another number: it gets a Call Control application and a messaging profile
# of its own, and the shared ones are left untouched.
resource "burki_phone_number_webhooks" "telnyx_line" {
  phone_number      = "+15550200001"
  voice_webhook_url = "https://voice.example.com/telnyx-voice-webhook"
  enable_sms        = true
}

output "sms_status" {
  value = {
    support     = burki_phone_number_webhooks.support.sms_status
    sales       = burki_phone_number_webhooks.sales.sms_status
    front_desk  = burki_phone_number_webhooks.front_desk.sms_status
    telnyx_line = burki_phone_number_webhooks.telnyx_line.sms_status
  }
}
