import { Card } from "@/components/ui/card";
import { AlertSettingsForm } from "@/components/alerts/alert-settings-form";
import { PhoneVerification } from "@/components/alerts/phone-verification";
import { availableChannels, getAlertSettings } from "@/lib/alerts/queries";
import {
  confirmPhoneVerificationAction,
  startPhoneVerificationAction,
  updateAlertSettingsAction,
} from "./actions";

/** The Profile page's alert section: where and when this owner is reached. */
export async function AlertSettingsCard({ userId }: { userId: string }) {
  const settings = await getAlertSettings(userId);
  return (
    <>
      <Card title="Alerts: channels and quiet hours">
        <AlertSettingsForm
          action={updateAlertSettingsAction}
          settings={settings}
          available={availableChannels()}
          timeZones={["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")]}
        />
      </Card>
      <Card title="Phone for SMS alerts" className="max-w-lg">
        <PhoneVerification
          start={startPhoneVerificationAction}
          confirm={confirmPhoneVerificationAction}
          phoneEnding={settings.phoneEnding}
          verified={settings.phoneVerified}
          codePending={settings.codePending}
        />
      </Card>
    </>
  );
}
