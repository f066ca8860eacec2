import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { problemText } from '@cuntu/api-client';

/**
 * An administration form's outcome: `act` runs a change, then says it was saved or gives the API's
 * problem in the reader's language (`message`, `error`); it resolves whether the change went through.
 */
export function useAction() {
  const { t } = useI18n();
  const message = ref('');
  const error = ref('');
  async function act(work: () => Promise<unknown>): Promise<boolean> {
    error.value = '';
    message.value = '';
    try {
      await work();
      message.value = t('admin.saved');
      return true;
    } catch (e) {
      error.value = problemText(e);
      return false;
    }
  }
  return { message, error, act };
}
