import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import '../styles/cell.css';

interface GroupProps {
  /** Shown above the group and names it for assistive technology. */
  title?: string;
  children: ReactNode;
  className?: string;
}

/** A WeUI cell group (`weui-cells`). */
export function CellGroup({ title, children, className }: GroupProps) {
  return (
    <View className={className}>
      {title ? <Text className="weui-cells__title">{title}</Text> : null}
      <View className="weui-cells">{children}</View>
    </View>
  );
}

interface CellProps {
  title: ReactNode;
  desc?: ReactNode;
  /** Right-hand value, e.g. a price (`formatPrice`): bold, the row's figure. */
  value?: string;
  /** Right-hand content instead of a value, e.g. a small button. */
  extra?: ReactNode;
  className?: string;
}

/** One WeUI row: title and description on the left, a value or a control on the right. */
export function Cell({ title, desc, value, extra, className }: CellProps) {
  return (
    <View className={`weui-cell ${className ?? ''}`}>
      <View className="weui-cell__bd">
        <Text className="weui-cell__title">{title}</Text>
        {desc ? <Text className="weui-cell__desc">{desc}</Text> : null}
      </View>
      {value !== undefined ? (
        <View className="weui-cell__ft">
          <Text className="weui-cell__value">{value}</Text>
        </View>
      ) : null}
      {extra ? <View className="weui-cell__ft">{extra}</View> : null}
    </View>
  );
}
