// antd's whole stylesheet: App.tsx runs antd in zero-runtime mode.
import 'antd/dist/antd.css';
import { createRoot } from 'react-dom/client';
import './i18n';
import { App } from './App';

createRoot(document.getElementById('root')!).render(<App />);
