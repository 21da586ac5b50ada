# A Twilio number: calls and inbound SMS go to the voice platform. When the
# provider sets a default Messaging Service, the number joins it.
resource "burki_phone_number_webhooks" "support" {
  phone_number       = "+15551234567"
  telephony_provider = "twilio"
  voice_webhook_url  = "https://voice.example.com/twilio-voice-webhook"
  enable_sms         = true
}

# A Telnyx number: it gets a Call Control application and a messaging profile
# of its own, so the connection and profile it shares with other numbers are
# never changed.
resource "burki_phone_number_webhooks" "sales" {
  phone_number       = "+15557654321"
  telephony_provider = "telnyx"
  voice_webhook_url  = "https://voice.example.com/telnyx-voice-webhook"
  enable_sms         = true
}

# SMS switched off: inbound messages are ignored. Without telephony_provider,
# the provider finds the carrier that holds the number.
resource "burki_phone_number_webhooks" "hotline" {
  phone_number      = "+15550001111"
  voice_webhook_url = "https://voice.example.com/twilio-voice-webhook"
  disable_sms       = true
}

# SMS only: the voice webhook stays as it is, and the number joins a
# Messaging Service other than the provider's default.
resource "burki_phone_number_webhooks" "text_line" {
  phone_number          = "+15550002222"
  enable_sms            = true
  messaging_service_sid = "MG00000000000000000000000000000002"
}
