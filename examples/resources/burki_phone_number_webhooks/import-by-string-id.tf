# Take over a number that already has webhooks, and keep what it has today as
# the state that destroy restores.
import {
  to = burki_phone_number_webhooks.front_desk
  id = "twilio/+15553334444"
}

resource "burki_phone_number_webhooks" "front_desk" {
  phone_number      = "+15553334444"
  voice_webhook_url = "https://voice.example.com/twilio-voice-webhook"
}
