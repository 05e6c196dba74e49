// Reads the phone's history-sync notifications the way Baileys itself does (getHistoryMsg, then
// downloadAndProcessHistorySyncNotification: the blob, or the inline payload, inflated and decoded
// into proto.HistorySync and run through processHistoryMessage), but without Baileys' event buffer
// in between, so nothing already seen on the socket is filtered out.
//
// Baileys is loaded lazily: without it (a stand-in socket module and no node_modules) the sidecar
// still runs, on Baileys' filtered events alone.

export async function loadHistoryNotifications(log) {
  let baileys;
  try {
    baileys = await import('@whiskeysockets/baileys');
  } catch (error) {
    log.warn({ err: error }, 'Baileys cannot be loaded; history answers are read from its filtered events only');
    return undefined;
  }
  return {
    /** The history-sync notification a WAMessage carries, or undefined. */
    notificationOf(message) {
      try {
        return message ? baileys.getHistoryMsg(message) ?? undefined : undefined;
      } catch {
        return undefined;
      }
    },
    /** {chats, contacts, messages, lidPnMappings, syncType, progress}: everything the notification holds. */
    decode(notification) {
      return baileys.downloadAndProcessHistorySyncNotification(notification, {}, log);
    },
  };
}
