# Credentials passed as input variables instead of environment variables.
# Marking the variables sensitive keeps their values out of plan output.
terraform {
  required_providers {
    burki = {
      source = "burki/burki"
    }
  }
}

variable "twilio_account_sid" {
  type = string
}

variable "twilio_auth_token" {
  type      = string
  sensitive = true
}

variable "telnyx_api_key" {
  type      = string
  sensitive = true
}

provider "burki" {
  webhook_base_url = "https://voice.example.com"

  twilio {
    account_sid = var.twilio_account_sid
    auth_token  = var.twilio_auth_token
  }

  telnyx {
    api_key = var.telnyx_api_key
  }
}
