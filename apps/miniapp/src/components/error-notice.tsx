import { Button, Text, View } from '@tarojs/components';
import { errorCopy } from '../copy/error-copy';
import type { ApiError } from '../services/api-error';

interface Props {
  error: ApiError | undefined;
  onRetry?: () => void;
}

export function ErrorNotice({ error, onRetry }: Props) {
  if (!error) return null;
  return (
    <View className="notice notice-error">
      <Text>{errorCopy(error.code)}</Text>
      {onRetry ? (
        <Button className="btn-small" size="mini" onClick={onRetry}>
          重试
        </Button>
      ) : null}
    </View>
  );
}
